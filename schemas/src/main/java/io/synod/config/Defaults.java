package io.synod.config;

import java.util.Map;
import java.util.TreeMap;

/** Code defaults: the lowest layer of configuration. Every key Synod reads has a default here. */
final class Defaults {
    static final Map<String, String> VALUES;

    static {
        Map<String, String> v = new TreeMap<>();
        // Kafka connection and Streams; anything under kafka. reaches the clients.
        v.put("kafka.bootstrap.servers", "localhost:9092");
        v.put("kafka.processing.guarantee", "exactly_once_v2");
        // Latency: each hop between stream apps waits for the upstream transaction to commit and for
        // the downstream thread's poll; see docs/decisions/0007 and docs/benchmarks.md.
        v.put("kafka.commit.interval.ms", "20");
        // With streams.app.detector-coordinator.commit.interval.ms set above kafka.commit.interval.ms (say 100), the vote
        // path commits at the shared interval while it keeps up and lets a transaction grow to its own while its votes
        // queue: 1.4x the votes a second at saturation on C1 alone, a slower seed test, and a loss at saturation on tiered
        // compilation, so it is off by default (decision 0103).
        // Queued: the youngest vote of an interval waited this much longer than the youngest of the last few minutes; 80 ms,
        // the most a 100 ms commit adds, so a commit stretches only where the votes already wait longer than it adds.
        v.put("streams.vote.path.backlog.ms", "80");
        // The reputation app is off the path from last vote to decision: fewer, larger transactions (decision 0072).
        v.put("streams.app.reputation.commit.interval.ms", "200");
        // The vote path checks an Ed25519 signature per vote, 40% of its stream thread: a second thread
        // takes its share of the partitions and checks their votes beside it (decision 0076).
        v.put("streams.app.detector-coordinator.num.stream.threads", "2");
        // The live apps' state stores: rocksdb, or in_memory (both changelogged; decision 0059).
        v.put("streams.state.stores", "rocksdb");
        v.put("kafka.poll.ms", "5");
        // Under exactly-once nothing a stream app writes is visible before its transaction commits, so
        // batching for up to half the commit interval costs no latency and sends far fewer requests (0056).
        v.put("kafka.producer.linger.ms", "10");
        v.put("schema.registry.url", "");
        v.put("topics.partitions", "3");
        v.put("topics.replication.factor", "1");
        v.put("streams.state.dir", "");
        v.put("streams.application.id.prefix", "synod");
        // Consensus policy defaults, overridden per proposal.
        v.put("consensus.threshold", "0.67");
        v.put("consensus.max.rounds", "5");
        v.put("consensus.min.participants", "3");
        v.put("consensus.round.timeout.ms", "30000");
        v.put("consensus.mode", "weighted");
        v.put("consensus.fallback", "simple_majority");
        v.put("consensus.fallback.after.rounds", "3");
        v.put("consensus.quorum", "0");
        v.put("consensus.quorum.fraction", "0");
        v.put("consensus.require.trusted", "false");
        v.put("consensus.punctuate.interval.ms", "200");
        v.put("consensus.flag.suspicion", "0.5");
        v.put("consensus.halt.flagged.fraction", "0.4");
        v.put("consensus.arbitration.timeout.ms", "86400000");
        v.put("consensus.shared.ballots", "100");
        // How long the coordinator, detector and reputation remember an ended proposal; 0 is for ever. Within it the
        // id stays taken, a late vote is refused as round_closed and an outcome still counts; then it is forgotten.
        v.put("consensus.ended.retention.ms", "0");
        // Per-tenant quota default; a tenant's row in the PostgreSQL tenants table overrides it. 0 is unlimited.
        v.put("tenant.max.open.proposals", "0");
        // Which decision model and reputation policy run: bayesian (default) or seed.
        v.put("policy", "bayesian");
        v.put("policy.bayesian.prior.correct", "4");
        v.put("policy.bayesian.prior.wrong", "2");
        v.put("policy.bayesian.confusion.strength", "4");
        v.put("policy.bayesian.outcome.weight", "5");
        // The decision model weighs an agent mostly by its latest hundred or two counted votes (decision 0082; 0: never forget).
        v.put("policy.bayesian.memory.votes", "150");
        // Byzantine detection.
        v.put("detector.swarm.min.size", "5");
        v.put("detector.swarm.fresh.votes", "3");
        v.put("detector.swarm.burst.ms", "60000");
        v.put("detector.swarm.similarity", "0.5");
        v.put("detector.copy.min.group", "3");
        v.put("detector.copy.similarity", "0.6");
        v.put("detector.copy.min.bigrams", "5");
        v.put("detector.quarantine.flags", "2");
        v.put("detector.health.flagged.share", "0.3");
        v.put("detector.health.min.agents", "10");
        v.put("detector.collusion.min.covotes", "40");
        v.put("detector.collusion.max.disagreement", "0.02");
        v.put("detector.collusion.min.expected.disagreement", "0.1");
        v.put("detector.collusion.min.partners", "2");
        // A pair that never disagreed where independent voters would have by now counts as one voice (decision 0081).
        v.put("detector.echo.significance", "0.0001");
        v.put("detector.truth.min.votes", "10");
        v.put("detector.truth.significance", "0.0001");
        // The five detection methods (issue 7), each on by default; see docs/decisions/0010.
        v.put("detector.calibration.enabled", "true");
        v.put("detector.quality.enabled", "true");
        v.put("detector.reputation.enabled", "true");
        v.put("detector.patterns.enabled", "true");
        v.put("detector.cross.enabled", "true");
        // Per-vote findings (weak: they down-weight a vote; three methods together exclude it).
        v.put("detector.confidence.extreme", "0.95");
        v.put("detector.justification.min.words", "4");
        v.put("detector.relevance.floor", "0.35");
        v.put("detector.duplicate.similarity", "0.9");
        v.put("detector.flipflop.similarity", "0.9");
        v.put("detector.burst.min.votes", "5");
        v.put("detector.burst.fraction", "0.02");
        v.put("detector.burst.min.gaps", "100");
        v.put("detector.contrarian.hint.significance", "0.001");
        // Verdicts on an agent's history (reputation-stream): quarantine at these significances.
        v.put("detector.contrarian.significance", "0.000001");
        // ... or at the hint's level once it agrees less than half as often as a random voter (decision 0074).
        v.put("detector.contrarian.inverted.significance", "0.001");
        // ... or once it agrees less than half as often, with a tail this far below chance itself (decision 0079).
        v.put("detector.contrarian.inverted.chance.significance", "0.00001");
        v.put("detector.sleeper.window.significance", "0.001");
        v.put("detector.sleeper.change.significance", "0.000001");
        v.put("detector.sleeper.corroborated.significance", "0.01");
        // How far below chance a sleeper's recent agreement must be (the contrarian's is 0.7): the change
        // test beside it already rules out an agent that was always like this (decision 0070).
        v.put("detector.sleeper.chance.factor", "0.85");
        // A contrarian or sleeper verdict rests on agreement with the decisions; when, quarantined, the agent goes
        // with the counted plurality this far above chance over at least this many excluded votes, the decisions
        // it opposed were the ones swayed (by voters excluded since) and the quarantine is lifted (decision 0109).
        v.put("detector.reinstate.significance", "0.001");
        v.put("detector.reinstate.min.votes", "20");
        v.put("detector.flipflop.min", "5");
        v.put("detector.flipflop.rate", "0.6");
        // Group collusion (cross-agent verification, decision 0043): four agents whose every triple sits
        // together on losing options beyond its accuracies, family-wise over the tenant's tracked triples.
        v.put("detector.group.significance", "0.001");
        v.put("detector.group.max.voters", "24");
        v.put("detector.group.max.tracked", "200000");
        // Colluders lie together: when two members of a triple sit on a losing option, each third must be there
        // this often; a school of honest workers who read items alike errs together far less reliably (decision 0089).
        v.put("detector.group.min.join.rate", "0.8");
        // Sentence embeddings on an asynchronous side path (decision 0011); replay runs without them
        // unless replay.embeddings.enabled is set, and then synchronously in input order.
        v.put("detector.embeddings.enabled", "true");
        v.put("detector.embeddings.batch.size", "32");
        v.put("detector.embeddings.cache.size", "20000");
        v.put("detector.embeddings.agent.interval.ms", "60000");
        v.put("detector.embeddings.agent.warmup", "10");
        v.put("replay.embeddings.enabled", "false");
        // Optional LLM judge (OpenAI-compatible chat completions), off by default (decision 0012).
        v.put("detector.judge.enabled", "false");
        v.put("detector.judge.url", "");
        v.put("detector.judge.model", "gpt-4o-mini");
        v.put("detector.judge.api.key", "");
        v.put("detector.judge.timeout.ms", "1500");
        v.put("detector.judge.batch.size", "8");
        v.put("detector.judge.breaker.failures", "3");
        v.put("detector.judge.breaker.open.ms", "30000");
        v.put("detector.judge.max.pending", "10000");
        // Reputation (the seed document's rule).
        v.put("reputation.initial", "1.0");
        v.put("reputation.agree.delta", "0.05");
        v.put("reputation.disagree.delta", "0.02");
        v.put("reputation.flag.delta", "0.15");
        // Below this integrity an agent is quarantined for an operator's review (lifted by a reset).
        v.put("reputation.integrity.floor", "0.5");
        // Slow recovery: evidence against an agent fades with this half-life in event time (0 = never); 30 days.
        v.put("reputation.recovery.half.life.ms", "2592000000");
        // An outcome waits this long in event time for its proposal's decision, then is rejected (no_decision); 7 days.
        v.put("reputation.outcome.wait.ms", "604800000");
        // Probation (seed policy): a new agent's weight starts at this share and reaches full weight after N votes.
        // The default policy's probation is its Beta prior (policy.bayesian.prior.*).
        v.put("reputation.probation.votes", "10");
        v.put("reputation.probation.weight", "0.5");
        // Postgres mirror.
        v.put("postgres.url", "jdbc:postgresql://localhost:5432/synod");
        v.put("postgres.user", "synod");
        v.put("postgres.password", "");
        // The role the mirror writes with (a synod_app member, so row-level security applies);
        // blank means the owner above. Created at start when set.
        v.put("postgres.app.user", "");
        v.put("postgres.app.password", "");
        v.put("mirror.batch.size", "500");
        // Stream the PostgreSQL agent_registry table to agent.registry (Debezium, needs wal_level=logical).
        v.put("registry.cdc.enabled", "true");
        // REST gateway (synod gateway; synod run starts it when gateway.port is set).
        v.put("gateway.port", "");
        v.put("gateway.host", "0.0.0.0");
        v.put("gateway.threads", "8");
        v.put("gateway.auth.token", "");
        v.put("gateway.max.body.bytes", "1048576");
        v.put("gateway.webhooks.urls", "");
        v.put("gateway.webhooks.secret", "");
        v.put("gateway.webhooks.max.attempts", "5");
        v.put("gateway.webhooks.backoff.initial.ms", "500");
        v.put("gateway.webhooks.backoff.max.ms", "30000");
        v.put("gateway.webhooks.timeout.ms", "5000");
        // Which parts this process runs (synod run --apps): any of detector, coordinator, reputation,
        // mirror (PostgreSQL mirror) and cdc (registry CDC). One process runs them all by default.
        v.put("node.apps", "detector,coordinator,reputation,mirror,cdc");
        // A node running both the detector and the coordinator runs them as one application, so a vote
        // reaches its tally without another topic hop (decision 0046); false keeps two applications.
        v.put("streams.fused.vote.path", "true");
        // Operations HTTP server: /metrics (Prometheus), /health/live, /health/ready.
        // Port 0 takes a free port (printed at start); -1 runs no server.
        v.put("metrics.port", "0");
        v.put("metrics.host", "0.0.0.0");
        // How often new Kafka client and Streams metrics (new partitions, tasks) are picked up.
        v.put("metrics.kafka.refresh.ms", "15000");
        // Tenants beyond this many share the label tenant="_other", so a tenant flood cannot explode the series count.
        v.put("metrics.tenant.max", "50");
        v.put("metrics.low.reputation", "0.5");
        // OpenTelemetry: spans are exported over OTLP/HTTP only when an endpoint is set (e.g. http://collector:4318).
        v.put("otel.exporter.otlp.endpoint", "");
        v.put("otel.service.name", "synod");
        v.put("otel.traces.sampler.ratio", "1.0");
        VALUES = Map.copyOf(v);
    }

    private Defaults() {
    }
}
