package io.darktower.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Processes whose CPU the report adds up under one name: the root processes and, at each sample, their live
 * descendants (PostgreSQL forks a backend per connection) except those that belong to another group.
 *
 * @param name    as it appears in the report ({@code platform_jvm}, {@code postgres}, {@code redis})
 * @param roots   the processes as found; empty when not found
 * @param foundBy how they were found, or why not
 */
record ProcessGroup(String name, List<ProcStat> roots, String foundBy) {

    static ProcessGroup notFound(String name, String why) {
        return new ProcessGroup(name, List.of(), why);
    }

    boolean found() {
        return !roots.isEmpty();
    }

    void writeTo(ObjectNode node) {
        var pids = node.putArray("pids");
        roots.forEach(r -> pids.add(r.pid()));
        if (found()) {
            node.put("name", roots.getFirst().comm());
        }
        node.put("found_by", foundBy);
    }
}
