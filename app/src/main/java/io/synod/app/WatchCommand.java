package io.synod.app;

import io.synod.app.json.DecisionJson;
import io.synod.config.SynodConfig;
import io.synod.sdk.SubscribeOptions;
import io.synod.sdk.Subscription;
import io.synod.sdk.SynodClient;
import io.synod.topics.Topics;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Tail decisions as they are made, like kafka-console-consumer.",
                "Reads consensus.decisions (every ending, escalations included) or one status topic such as consensus.achieved, "
                        + "and prints one line per decision, or one JSON object per line with --json. "
                        + "Runs until Ctrl-C, --max-messages or --idle-timeout."})
public final class WatchCommand implements Callable<Integer> {
    enum Source {
        decisions(Topics.DECISIONS), achieved(Topics.ACHIEVED), failed(Topics.FAILED), escalated(Topics.ESCALATED), halted(Topics.HALTED);

        final String topic;

        Source(String topic) {
            this.topic = topic;
        }
    }

    @Option(names = "--tenant", description = "Only this tenant's decisions (default: every tenant).")
    String tenant;

    @Option(names = "--topic", defaultValue = "decisions",
            description = "decisions, achieved, failed, escalated or halted (default: ${DEFAULT-VALUE}).")
    Source source;

    @Option(names = "--from-beginning", description = "Start at the oldest retained decision instead of the next new one.")
    boolean fromBeginning;

    @Option(names = "--final-only", description = "Skip escalations (they end later, by arbitration or timeout).")
    boolean finalOnly;

    @Option(names = "--json", description = "One JSON object per decision, for scripts.")
    boolean json;

    @Option(names = "--max-messages", defaultValue = "0", description = "Exit after this many decisions (default: no limit).")
    long maxMessages;

    @Option(names = "--idle-timeout", converter = DurationConverter.class,
            description = "Exit when no decision arrived for this long, e.g. 10s (default: never).")
    Duration idleTimeout;

    @Option(names = "--group", description = "Consumer group: commit what was shown and continue there next time.")
    String group;

    @Mixin
    ConfigOption configOption;

    @Override
    public Integer call() throws Exception {
        SynodConfig config = configOption.load();
        SubscribeOptions options = SubscribeOptions.live().onTopic(source.topic).forTenant(tenant);
        options = fromBeginning ? options.fromTheBeginning() : options;
        options = finalOnly ? options.finalDecisionsOnly() : options;
        options = group != null ? options.inGroup(group) : options;
        CountDownLatch enough = new CountDownLatch(1);
        AtomicLong lastNanos = new AtomicLong(System.nanoTime());
        AtomicLong printed = new AtomicLong();
        Thread hook = new Thread(enough::countDown, "synod-watch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (SynodClient client = ClusterClients.client(config);
             Subscription subscription = client.subscribe(options, decision -> {
                 long shown = printed.incrementAndGet();
                 if (enough.getCount() == 0 || (maxMessages > 0 && shown > maxMessages)) {
                     return;
                 }
                 System.out.println(json ? DecisionJson.write(DecisionJson.decision(decision)) : DecisionJson.line(decision));
                 System.out.flush();
                 lastNanos.set(System.nanoTime());
                 if (shown == maxMessages) {
                     enough.countDown();
                 }
             })) {
            while (!enough.await(50, TimeUnit.MILLISECONDS)) {
                if (idleTimeout != null && System.nanoTime() - lastNanos.get() > idleTimeout.toNanos()) {
                    enough.countDown();
                }
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook already ran.
            }
        }
        return 0;
    }
}
