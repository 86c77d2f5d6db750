package io.synod.app.chaos;

import io.synod.app.replay.ReplayWriter;
import io.synod.app.runtime.TopicProvisioner;
import io.synod.reputation.mirror.AuditChain;
import io.synod.schemas.Decision;
import io.synod.topics.Topic;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Checks a chaos run after the fact, from what the system committed: every proposal has exactly
 * one final decision and it is the one the fault-free reference made (the same line as
 * {@code synod replay} writes), the rejections are the reference's, nothing went to the dead-letter
 * topic, every membership change reached agent.registry, and PostgreSQL holds exactly one row per
 * event in decisions, votes, proposals, audit_log (its chain intact) and reputation_history.
 */
final class ChaosVerifier {
    /** One finding; the run passes when there are none. */
    record Problem(String check, String detail) {
        @Override
        public String toString() {
            return check + ": " + detail;
        }
    }

    /** What was checked, with counts for the report. */
    record Verdict(List<Problem> problems, Map<String, Long> counts) {
        boolean passed() {
            return problems.isEmpty();
        }
    }

    private final ChaosCluster cluster;
    private final Set<String> tenants;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Long> counts = new LinkedHashMap<>();

    ChaosVerifier(ChaosCluster cluster, Collection<String> tenants) {
        this.cluster = cluster;
        this.tenants = Set.copyOf(tenants);
    }

    /** A decision as {@code synod replay} writes it: what "equal to a fault-free run" compares. */
    static String line(Decision decision) {
        StringWriter out = new StringWriter();
        try {
            ReplayWriter.writeDecisions(out, List.of(decision));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().trim();
    }

    Verdict verify(Collection<String> sentKeys, Map<String, String> referenceLines, Map<String, Long> referenceRejections,
                   List<MembershipChange> membership, Duration mirrorTimeout) throws Exception {
        Map<String, List<Decision>> decisions = new TreeMap<>();
        readAll(cluster.topics().decisions, (key, d) -> {
            if (tenants.contains(d.getTenant())) {
                decisions.computeIfAbsent(key, k -> new ArrayList<>()).add(d);
            }
        });
        List<Decision> finals = checkDecisions(sentKeys, decisions, referenceLines);
        checkRejections(referenceRejections);
        long deadLetters = count(TopicProvisioner.DEAD_LETTER_TOPIC);
        counts.put("dead_letters", deadLetters);
        if (deadLetters > 0) {
            problems.add(new Problem("nothing undecodable", deadLetters + " records on " + TopicProvisioner.DEAD_LETTER_TOPIC));
        }
        checkMembership(membership);
        checkPostgres(finals, mirrorTimeout);
        return new Verdict(List.copyOf(problems), Map.copyOf(counts));
    }

    private List<Decision> checkDecisions(Collection<String> sentKeys, Map<String, List<Decision>> decisions, Map<String, String> referenceLines) {
        List<Decision> finals = new ArrayList<>();
        int mismatches = 0;
        for (String key : sentKeys) {
            List<Decision> endings = decisions.getOrDefault(key, List.of()).stream().filter(d -> !"escalated".equals(d.getStatus())).toList();
            if (endings.size() != 1) {
                problems.add(new Problem("one final decision", key + " has " + endings.size()));
                continue;
            }
            Decision decision = endings.get(0);
            finals.add(decision);
            String live = line(decision);
            String reference = referenceLines.get(key);
            if (!live.equals(reference)) {
                if (mismatches++ < 10) {
                    problems.add(new Problem("equal to the fault-free run", key + "\n    live:      " + live + "\n    reference: " + reference));
                }
            }
        }
        if (mismatches > 10) {
            problems.add(new Problem("equal to the fault-free run", (mismatches - 10) + " more proposals differ"));
        }
        for (String key : decisions.keySet()) {
            if (!sentKeys.contains(key)) {
                problems.add(new Problem("no unknown decisions", "a decision for " + key + ", which was never proposed"));
            }
        }
        counts.put("proposals", (long) sentKeys.size());
        counts.put("final_decisions", (long) finals.size());
        counts.put("mismatches", (long) mismatches);
        return finals;
    }

    private void checkRejections(Map<String, Long> reference) {
        Map<String, Long> live = new TreeMap<>();
        readAll(cluster.topics().rejected, (key, r) -> {
            if (r.getTenant() != null && tenants.contains(r.getTenant())) {
                live.merge(r.getReason(), 1L, Long::sum);
            }
        });
        counts.put("rejections", live.values().stream().mapToLong(Long::longValue).sum());
        if (!live.equals(new TreeMap<>(reference))) {
            problems.add(new Problem("rejections as in the fault-free run", "live " + live + ", reference " + new TreeMap<>(reference)));
        }
    }

    /** A registry change made in PostgreSQL during the run. */
    record MembershipChange(String tenant, String agent, boolean active) {
    }

    private void checkMembership(List<MembershipChange> changes) throws SQLException {
        Map<String, List<Boolean>> published = new TreeMap<>();
        readAll(cluster.topics().registry, (key, r) -> published.computeIfAbsent(key, k -> new ArrayList<>()).add(r.getActive()));
        // Each agent's changes must appear on agent.registry in the order they were made (CDC may repeat
        // a change after a restart, never lose or reorder one), the last of them last.
        Map<String, List<Boolean>> made = new TreeMap<>();
        changes.forEach(change -> made.computeIfAbsent(change.tenant() + "/" + change.agent(), k -> new ArrayList<>()).add(change.active()));
        for (Map.Entry<String, List<Boolean>> agent : made.entrySet()) {
            List<Boolean> states = published.getOrDefault(agent.getKey(), List.of());
            if (!inOrder(agent.getValue(), states) || states.get(states.size() - 1) != agent.getValue().get(agent.getValue().size() - 1)) {
                problems.add(new Problem("no membership change lost", agent.getKey() + " was changed to " + agent.getValue()
                        + ", agent.registry has " + states));
            }
        }
        try (Connection connection = cluster.owner();
             PreparedStatement rows = connection.prepareStatement("SELECT tenant, agent_id, active FROM agent_registry")) {
            try (ResultSet result = rows.executeQuery()) {
                while (result.next()) {
                    String key = result.getString(1) + "/" + result.getString(2);
                    List<Boolean> states = published.getOrDefault(key, List.of());
                    if (states.isEmpty() || states.get(states.size() - 1) != result.getBoolean(3)) {
                        problems.add(new Problem("registry equals agent_registry", key + " is active=" + result.getBoolean(3)
                                + " in PostgreSQL, " + states + " on agent.registry"));
                    }
                }
            }
        }
        counts.put("membership_changes", (long) changes.size());
    }

    /** Whether {@code expected} occurs in {@code actual} in order (other elements may come between). */
    private static boolean inOrder(List<Boolean> expected, List<Boolean> actual) {
        int at = 0;
        for (Boolean state : actual) {
            if (at < expected.size() && expected.get(at).equals(state)) {
                at++;
            }
        }
        return at == expected.size() && !actual.isEmpty();
    }

    private void checkPostgres(List<Decision> finals, Duration timeout) throws Exception {
        long ballots = finals.stream().mapToLong(d -> d.getBallots().size()).sum();
        long[] reputationRecords = {0};
        readAll(cluster.topics().reputation, (key, r) -> reputationRecords[0] += tenants.contains(r.getTenant()) ? 1 : 0);
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("decisions", (long) finals.size());
        expected.put("audit_log", (long) finals.size());
        expected.put("votes", ballots);
        expected.put("proposals", (long) finals.size());
        expected.put("reputation_history", reputationRecords[0]);
        Map<String, String> queries = Map.of(
                "decisions", "SELECT count(*), count(DISTINCT event_id) FROM decisions WHERE tenant = ANY(?)",
                "audit_log", "SELECT count(*), count(DISTINCT event_id) FROM audit_log WHERE tenant = ANY(?)",
                "votes", "SELECT count(*), count(DISTINCT (tenant, proposal_id, round, agent_id)) FROM votes WHERE tenant = ANY(?)",
                "proposals", "SELECT count(*), count(*) FILTER (WHERE status NOT IN ('open', 'escalated')) FROM proposals WHERE tenant = ANY(?)",
                "reputation_history", "SELECT count(*), count(DISTINCT (source_partition, source_offset)) FROM reputation_history WHERE tenant = ANY(?)");
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, long[]> actual;
        while (true) {
            actual = new LinkedHashMap<>();
            try (Connection connection = cluster.owner()) {
                for (String table : expected.keySet()) {
                    try (PreparedStatement query = connection.prepareStatement(queries.get(table))) {
                        query.setArray(1, connection.createArrayOf("text", tenants.toArray()));
                        try (ResultSet result = query.executeQuery()) {
                            result.next();
                            actual.put(table, new long[] {result.getLong(1), result.getLong(2)});
                        }
                    }
                }
            }
            Map<String, long[]> snapshot = actual;
            boolean caughtUp = expected.entrySet().stream().allMatch(e -> snapshot.get(e.getKey())[0] >= e.getValue());
            if (caughtUp || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(500);
        }
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            long[] rows = actual.get(e.getKey());
            counts.put("pg_" + e.getKey(), rows[0]);
            if (rows[0] != e.getValue() || rows[1] != e.getValue()) {
                problems.add(new Problem("one row per event in " + e.getKey(), "expected " + e.getValue() + ", have " + rows[0]
                        + " rows (" + rows[1] + " distinct" + (e.getKey().equals("proposals") ? " and closed" : "") + ")"));
            }
        }
        try (Connection connection = cluster.owner()) {
            for (String tenant : tenants) {
                AuditChain.Verification chain = AuditChain.verify(connection, tenant);
                if (!chain.intact()) {
                    problems.add(new Problem("audit chain intact", tenant + ": row " + chain.firstBrokenId() + " " + chain.problem()));
                }
            }
        }
    }

    private long count(String topic) {
        long[] n = {0};
        readRaw(topic, record -> n[0]++);
        return n[0];
    }

    private <V> void readAll(Topic<String, V> topic, BiConsumer<String, V> handler) {
        readRaw(topic.name(), record -> {
            if (record.value() != null) {
                handler.accept(record.key(), topic.valueSerde().deserializer().deserialize(topic.name(), record.value()));
            }
        });
    }

    /** Every committed record of the topic, from the beginning to the end offsets of now. */
    private void readRaw(String topic, java.util.function.Consumer<ConsumerRecord<String, byte[]>> handler) {
        Properties props = new Properties();
        props.putAll(cluster.kafka());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    handler.accept(record);
                }
            }
        }
    }
}
