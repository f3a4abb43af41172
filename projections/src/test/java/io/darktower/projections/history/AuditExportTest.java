package io.darktower.projections.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.darktower.events.meeting.MeetingCreated;
import io.darktower.events.meeting.MeetingSettings;
import io.darktower.events.meeting.ParticipantJoined;
import io.darktower.events.meeting.ConnectionInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hash chain and its offline verifier: any changed byte, any truncation, a chain re-signed with another key. */
class AuditExportTest {

    private static final UUID MEETING = UUID.fromString("0f6a1b52-3c1e-4a55-9d59-2d3a0b0c0d01");
    private static final UUID USER = UUID.fromString("0f6a1b52-3c1e-4a55-9d59-2d3a0b0c0d02");
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00.123456Z");

    @TempDir
    Path dir;

    @Test
    void anExportVerifiesAndEveryChangedByteIsFoundAtItsLine() throws IOException {
        byte[] file = export(null);
        ExportVerifier.Verdict verdict = ExportVerifier.verify(file, null);
        assertThat(verdict.valid()).as(verdict.toString()).isTrue();
        assertThat(verdict.steps()).isEqualTo(2);
        assertThat(verdict.signature()).isEqualTo("absent");

        for (int i = 0; i < file.length; i++) {
            byte[] tampered = file.clone();
            tampered[i] ^= 0x01;
            ExportVerifier.Verdict found = ExportVerifier.verify(tampered, null);
            assertThat(found.valid()).as("byte %d changed", i).isFalse();
            assertThat(found.badLine()).as("byte %d changed: %s", i, found).isEqualTo(lineOf(file, i));
        }
    }

    @Test
    void aChangedValueIsReportedAsTheLineWhoseHashNoLongerMatches() throws IOException {
        String text = new String(export(null), StandardCharsets.UTF_8);
        String tampered = text.replace("\"displayName\":\"Alice\"", "\"displayName\":\"Alicf\"");
        assertThat(tampered).isNotEqualTo(text);
        ExportVerifier.Verdict verdict = ExportVerifier.verify(tampered.getBytes(StandardCharsets.UTF_8), null);
        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.badLine()).isEqualTo(3);
        assertThat(verdict.problem()).contains("hash does not match");
    }

    @Test
    void everyTruncationIsDetected() throws IOException {
        byte[] file = export(null);
        for (int length = 0; length < file.length; length++) {
            ExportVerifier.Verdict verdict = ExportVerifier.verify(Arrays.copyOf(file, length), null);
            assertThat(verdict.valid()).as("cut to %d bytes", length).isFalse();
        }
        int lastLineStart = new String(file, StandardCharsets.UTF_8).lastIndexOf('\n', file.length - 2) + 1;
        ExportVerifier.Verdict dropped = ExportVerifier.verify(Arrays.copyOf(file, lastLineStart), null);
        assertThat(dropped.problem()).contains("truncated: 1 steps where the header says 2");
        assertThat(dropped.badLine()).isEqualTo(3);
    }

    @Test
    void anHmacSignedExportVerifiesWithItsSecretAndNotWithAnother() throws IOException {
        Path secret = Files.write(dir.resolve("secret"), "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        Path other = Files.write(dir.resolve("other"), "0123456789abcdef0123456789abcdeX".getBytes(StandardCharsets.US_ASCII));
        byte[] file = export(ExportKey.read(secret));
        assertThat(ExportVerifier.verify(file, ExportKey.read(secret))).extracting(ExportVerifier.Verdict::valid,
                ExportVerifier.Verdict::signature).containsExactly(true, "valid");
        assertThat(ExportVerifier.verify(file, null).signature()).isEqualTo("not checked");
        ExportVerifier.Verdict forged = ExportVerifier.verify(export(ExportKey.read(other)), ExportKey.read(secret));
        assertThat(forged.valid()).isFalse();
        assertThat(forged.badLine()).isEqualTo(1);
        assertThat(ExportVerifier.verify(export(null), ExportKey.read(secret)).problem()).contains("not signed");
    }

    @Test
    void anEd25519SignedExportVerifiesWithThePublicKey() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path privateKey = Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Path publicKey = Files.writeString(dir.resolve("key.pub"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        byte[] file = export(ExportKey.read(privateKey));
        assertThat(ExportVerifier.verify(file, ExportKey.read(publicKey)).signature()).isEqualTo("valid");

        KeyPair stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path strangerKey = Files.writeString(dir.resolve("stranger.pem"), pem("PRIVATE KEY", stranger.getPrivate().getEncoded()));
        assertThat(ExportVerifier.verify(export(ExportKey.read(strangerKey)), ExportKey.read(publicKey)).signature())
                .isEqualTo("invalid");
    }

    private static byte[] export(ExportKey key) throws IOException {
        MeetingState s0 = MeetingState.none();
        MeetingState s1 = s0.apply(new MeetingCreated(MEETING, "abc-defg-hij", "Standup", 10, MeetingSettings.DEFAULTS,
                null, USER, T0));
        UUID participant = UUID.fromString("0f6a1b52-3c1e-4a55-9d59-2d3a0b0c0d03");
        MeetingState s2 = s1.apply(new ParticipantJoined(MEETING, participant, USER, "Alice", T0.plusSeconds(5),
                new ConnectionInfo("127.0.0.1", "curl/8 \u00e9", "1")));
        Actor actor = new Actor(USER.toString(), "user", "127.0.0.1", "curl/8", "req-1", null);
        List<Step> steps = List.of(
                new Step(1, 0, T0, "meeting", MEETING.toString(), "MeetingCreated", 1, actor,
                        JsonNodeFactory.instance.objectNode().put("meetingId", MEETING.toString()), s1),
                new Step(7, 1, T0.plusSeconds(5), "meeting", MEETING.toString(), "ParticipantJoined", 1, actor,
                        JsonNodeFactory.instance.objectNode().put("displayName", "Alice"), s2));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AuditExport.Summary summary = AuditExport.write(out, Subject.MEETING, MEETING, steps, T0.plusSeconds(60), key);
        assertThat(summary.count()).isEqualTo(2);
        return out.toByteArray();
    }

    /** The 1-based line holding byte {@code index}. */
    private static int lineOf(byte[] file, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (file[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + label + "-----\n";
    }
}
