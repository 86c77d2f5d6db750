package io.synod.app;

import io.synod.app.json.DecisionJson;
import io.synod.app.json.InvalidProposalException;
import io.synod.app.json.ProposalJson;
import io.synod.config.SynodConfig;
import io.synod.schemas.Decision;
import io.synod.sdk.ProposalRejectedException;
import io.synod.sdk.ProposalRequest;
import io.synod.sdk.SynodClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "propose", mixinStandardHelpOptions = true,
        description = {"Publish a proposal to consensus.proposals, from flags or a JSON file.",
                "The file holds one JSON object shaped like the replay format's proposal line (- reads stdin). "
                        + "The proposal is checked with the coordinator's rules first: bad input exits 2 and publishes nothing. "
                        + "With --wait it prints the final decision, and exits 1 when the coordinator rejects the proposal "
                        + "or no decision arrives within --timeout."})
public final class ProposeCommand implements Callable<Integer> {
    @Option(names = "--tenant", defaultValue = "default", description = "Tenant (default: ${DEFAULT-VALUE}).")
    String tenant;

    @Option(names = "--id", description = "Proposal id (default: a random p-UUID).")
    String id;

    @Option(names = "--text", description = "The question put to the agents.")
    String text;

    @Option(names = "--option", split = ",", paramLabel = "OPTION", description = "An option; repeat or separate with commas (default: approve,reject).")
    List<String> options = new ArrayList<>();

    @Option(names = "--participant", split = ",", paramLabel = "AGENT", description = "Only these agents vote (default: every active agent of the tenant).")
    List<String> participants;

    @Option(names = "--threshold", description = "Share the winning option needs, in (0.5, 1].") Double threshold;
    @Option(names = "--max-rounds", description = "Rounds before deadlock.") Integer maxRounds;
    @Option(names = "--min-participants", description = "Voters a round needs.") Integer minParticipants;
    @Option(names = "--round-timeout-ms", description = "Deadline of each round after it opens.") Long roundTimeoutMs;
    @Option(names = "--mode", description = "weighted, simple_majority, unanimous or plurality.") String mode;
    @Option(names = "--fallback", description = "none, simple_majority, plurality or escalate.") String fallback;
    @Option(names = "--fallback-after-rounds", description = "Failed rounds before the fallback decides.") Integer fallbackAfterRounds;
    @Option(names = "--quorum", description = "Eligible agents that must vote.") Integer quorum;
    @Option(names = "--quorum-fraction", description = "Share of the eligible agents that must vote.") Double quorumFraction;

    @Option(names = "--file", paramLabel = "FILE", description = "Read the proposal from this JSON file instead of the flags above (- for stdin).")
    String file;

    @Option(names = "--wait", description = "Wait for the final decision and print it.")
    boolean await;

    @Option(names = "--timeout", defaultValue = "PT5M", converter = DurationConverter.class,
            description = "How long --wait waits, e.g. 90s or 5m (default: 5m).")
    Duration timeout;

    @Option(names = "--json", description = "Print the decision as JSON (with --wait).")
    boolean json;

    @Mixin
    ConfigOption configOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SynodConfig config = configOption.load();
        ProposalRequest request = request(config);
        try (SynodClient client = ClusterClients.client(config)) {
            String key = request.tenant() + "/" + request.proposalId();
            if (!await) {
                client.send(request).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                System.out.printf("published %s; ./synod status --tenant %s %s%n", key, request.tenant(), request.proposalId());
                return 0;
            }
            return waitFor(key, client.propose(request));
        }
    }

    private int waitFor(String key, CompletableFuture<Decision> future) throws InterruptedException, ExecutionException {
        ProgressLine progress = new ProgressLine(System.err);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                try {
                    Decision decision = future.get(200, TimeUnit.MILLISECONDS);
                    progress.clear();
                    System.out.println(json ? DecisionJson.write(DecisionJson.decision(decision)) : DecisionJson.line(decision));
                    return 0;
                } catch (TimeoutException notYet) {
                    if (System.nanoTime() > deadline) {
                        progress.clear();
                        System.err.printf("no decision for %s within %s; it may still come: ./synod status --tenant %s %s%n", key,
                                timeout, tenantOf(key), key.substring(key.indexOf('/') + 1));
                        return 1;
                    }
                    progress.update(() -> String.format("waiting for the decision of %s: %.0f s", key, progress.elapsedSeconds()));
                }
            }
        } catch (ExecutionException e) {
            progress.clear();
            if (e.getCause() instanceof ProposalRejectedException rejected) {
                System.err.println(rejected.getMessage());
                return 1;
            }
            throw e;
        }
    }

    private static String tenantOf(String key) {
        return key.substring(0, key.indexOf('/'));
    }

    private ProposalRequest request(SynodConfig config) throws IOException {
        try {
            if (file != null) {
                if (text != null || id != null || !options.isEmpty() || participants != null || threshold != null || maxRounds != null
                        || minParticipants != null || roundTimeoutMs != null || mode != null || fallback != null
                        || fallbackAfterRounds != null || quorum != null || quorumFraction != null) {
                    throw new ParameterException(spec.commandLine(), "--file cannot be combined with proposal flags");
                }
                String body = file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : Files.readString(Path.of(file));
                return ProposalJson.parse(body, ClusterClients.defaultPolicy(config));
            }
            ProposalRequest.Builder builder = ProposalRequest.builder().tenant(tenant).text(text).options(options).participants(participants);
            if (id != null) {
                builder.id(id);
            }
            io.synod.schemas.Policy policy = new io.synod.schemas.Policy();
            policy.setThreshold(threshold);
            policy.setMaxRounds(maxRounds);
            policy.setMinParticipants(minParticipants);
            policy.setRoundTimeoutMs(roundTimeoutMs);
            policy.setMode(mode);
            policy.setFallback(fallback);
            policy.setFallbackAfterRounds(fallbackAfterRounds);
            policy.setQuorum(quorum);
            policy.setQuorumFraction(quorumFraction);
            boolean anyPolicy = threshold != null || maxRounds != null || minParticipants != null || roundTimeoutMs != null || mode != null
                    || fallback != null || fallbackAfterRounds != null || quorum != null || quorumFraction != null;
            ProposalRequest request = builder.policy(anyPolicy ? policy : null).build();
            ProposalJson.check(request, ClusterClients.defaultPolicy(config));
            return request;
        } catch (InvalidProposalException e) {
            throw new ParameterException(spec.commandLine(), "invalid proposal (" + e.code() + "): " + e.getMessage());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ParameterException(spec.commandLine(), "no such file: " + file);
        }
    }
}
