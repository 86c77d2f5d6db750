package io.synod.examples;

import io.synod.events.VoteSignatures;
import io.synod.schemas.Ballot;
import io.synod.schemas.RoundOpened;
import io.synod.sdk.AgentRunner;
import io.synod.sdk.AgentVote;
import io.synod.sdk.PreviousRound;
import io.synod.sdk.SynodAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * An agent with a stance that listens: in round 1 it votes for the option it prefers (or, when
 * that is not offered, abstains); in a revote it moves to last round's leader when a clear
 * majority (at least 60%) went the other way, quoting their strongest justification, and
 * otherwise keeps its vote. Run it with {@code examples/run-agent.sh --tenant T --agent A}.
 */
public final class ExampleAgent implements SynodAgent {
    static final double PERSUADED_AT = 0.6;

    private final String agentId;
    private final String preferred;
    private final String reason;

    /**
     * {@code reason} is the agent's own justification. Agents that paste one text are counted as
     * one voter by the coordinator's copy detection, so each agent should say why in its own words.
     */
    public ExampleAgent(String agentId, String preferred, String reason) {
        this.agentId = agentId;
        this.preferred = preferred;
        this.reason = reason;
    }

    @Override
    public AgentVote vote(RoundOpened round) {
        if (PreviousRound.isRevote(round)) {
            PreviousRound previous = PreviousRound.of(round);
            Optional<String> mine = previous.ballotOf(agentId).map(Ballot::getChoice);
            Optional<String> leader = previous.leader();
            if (leader.isPresent() && previous.share(leader.get()) >= PERSUADED_AT && !leader.equals(mine)) {
                String why = previous.justificationsFor(leader.get()).stream().findFirst().orElse("the majority's reading");
                return AgentVote.of(leader.get(), 0.6, "Persuaded by round " + (round.getRound() - 1) + ": " + why);
            }
            if (mine.isPresent() && round.getOptions().contains(mine.get())) {
                return AgentVote.of(mine.get(), 0.7, "Still " + mine.get() + ": "
                        + (mine.get().equals(preferred) ? reason : "the majority's case still convinces me."));
            }
        }
        if (!round.getOptions().contains(preferred)) {
            return AgentVote.abstain("None of the options is mine to judge.");
        }
        return AgentVote.of(preferred, 0.8, reason);
    }

    /** {@code --bootstrap HOST:PORT --tenant T --agent A [--prefer OPTION] [--reason TEXT] [--key FILE] [--votes N]} */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        String tenant = options.getOrDefault("tenant", "default");
        String agent = required(options, "agent");
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", options.getOrDefault("bootstrap",
                System.getenv().getOrDefault("SYNOD_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")));
        PrivateKey key = options.containsKey("key") ? VoteSignatures.privateKey(Files.readString(Path.of(options.get("key"))).strip()) : null;
        long maxVotes = Long.parseLong(options.getOrDefault("votes", "0"));

        CountDownLatch done = new CountDownLatch(1);
        try (AgentRunner runner = AgentRunner.builder(tenant, agent, new ExampleAgent(agent,
                        options.getOrDefault("prefer", "approve"), options.getOrDefault("reason", "Agent " + agent + " has checked the claim.")))
                .kafka(kafka).signingKey(key).build().start()) {
            Runtime.getRuntime().addShutdownHook(new Thread(done::countDown));
            System.out.printf("agent %s/%s voting (Ctrl-C stops)%n", tenant, agent);
            while (!done.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (maxVotes > 0 && runner.votesCast() >= maxVotes) {
                    break;
                }
            }
            System.out.printf("agent %s/%s cast %d vote(s)%n", tenant, agent, runner.votesCast());
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
