package io.darktower.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.darktower.devstack.Processes.Signal;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only a recorded server is ever signalled; a pid file is removed only when nothing runs under its pid. */
class LeftoversTest {

    @TempDir
    Path dir;

    @Test
    void aPidFileNamingAProcessThatEndedIsRemoved() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        PidFile file = new PidFile(dir.resolve("postmaster.pid"), "postgres", dir);
        file.write(ended.pid());

        Leftovers.stop(file, "PostgreSQL", Duration.ofSeconds(1), Signal.INT, Signal.KILL);

        assertThat(file.exists()).isFalse();
    }

    @Test
    void aPidFileNamingALiveProcessThatIsNotTheServerIsLeftAloneWithItsProcess() {
        PidFile file = new PidFile(dir.resolve("postmaster.pid"), "postgres", dir);
        file.write(ProcessHandle.current().pid());

        Leftovers.stop(file, "PostgreSQL", Duration.ofSeconds(1), Signal.INT, Signal.KILL);

        assertThat(file.exists()).as("still guards the data folder").isTrue();
    }
}
