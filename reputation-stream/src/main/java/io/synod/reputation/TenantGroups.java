package io.synod.reputation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A tenant's group evidence besides the triples themselves: how many triples it tracks, which are
 * significant, and which agents were already reported. Identifiers never contain control
 * characters (Keys), so lines and a NUL inside a triple's key are safe separators.
 */
record TenantGroups(long tracked, List<String> significant, List<String> flagged) {
    static final TenantGroups EMPTY = new TenantGroups(0, List.of(), List.of());

    TenantGroups withTracked(long count) {
        return new TenantGroups(count, significant, flagged);
    }

    /** UTF-8 lines: the tracked count, then "S" and a significant triple, or "F" and a reported agent. */
    static Serde<TenantGroups> serde() {
        return Serdes.serdeFrom((topic, groups) -> {
            if (groups == null) {
                return null;
            }
            StringBuilder text = new StringBuilder().append(groups.tracked());
            groups.significant().forEach(triple -> text.append("\nS").append(triple));
            groups.flagged().forEach(agent -> text.append("\nF").append(agent));
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }, (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
            List<String> significant = new ArrayList<>();
            List<String> flagged = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                (lines[i].charAt(0) == 'S' ? significant : flagged).add(lines[i].substring(1));
            }
            return new TenantGroups(Long.parseLong(lines[0]), significant, flagged);
        });
    }
}
