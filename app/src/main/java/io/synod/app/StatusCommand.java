package io.synod.app;

import io.synod.app.json.BallotTable;
import io.synod.app.json.DecisionJson;
import io.synod.config.SynodConfig;
import io.synod.schemas.Decision;
import io.synod.sdk.ProposalStatus;
import io.synod.sdk.SynodClient;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show where a proposal stands and, once made, its decision.",
                "States: pending, voting (round, deadline), escalated, closed (with the decision) or rejected (with the reason). "
                        + "Read from the Kafka topics, the live truth: the key's partition of consensus.proposals, .rounds, .rejected "
                        + "and .decisions. A proposal the topics no longer retain is looked up in the PostgreSQL mirror's decisions "
                        + "table. Exits 0 when the proposal is found, 1 when it is unknown."})
public final class StatusCommand implements Callable<Integer> {
    enum Source { auto, kafka, postgres }

    @Parameters(paramLabel = "PROPOSAL", description = "The proposal id.")
    String proposal;

    @Option(names = "--tenant", defaultValue = "default", description = "Tenant (default: ${DEFAULT-VALUE}).")
    String tenant;

    @Option(names = "--source", defaultValue = "auto",
            description = "auto (Kafka, then PostgreSQL when Kafka no longer has it), kafka or postgres (default: ${DEFAULT-VALUE}).")
    Source source;

    @Option(names = "--json", description = "Print the status as JSON (the REST gateway's shape).")
    boolean json;

    @Option(names = "--ballots", description = "Also list the deciding round's ballots: who chose what, with what confidence, weight "
            + "and suspicion, and the detector's reasons (from PostgreSQL: without accuracy and reasons, which it does not keep).")
    boolean ballots;

    @Mixin
    ConfigOption configOption;

    @Override
    public Integer call() throws Exception {
        SynodConfig config = configOption.load();
        ProposalStatus status = ProposalStatus.of(tenant, proposal, null, null, null, null);
        String from = "kafka";
        if (source != Source.postgres) {
            ProgressLine progress = new ProgressLine(System.err);
            try (SynodClient client = ClusterClients.client(config)) {
                status = client.status(tenant, proposal, read -> progress.update(() -> String.format("status: %,d records read", read)));
            } finally {
                progress.clear();
            }
        }
        if (status.state() == ProposalStatus.State.UNKNOWN && source != Source.kafka) {
            try {
                status = MirroredDecisions.status(config, tenant, proposal, ballots);
                from = "postgres";
            } catch (java.sql.SQLException e) {
                if (source == Source.postgres) {
                    throw e;
                }
                System.err.println("PostgreSQL mirror not reachable (" + e.getMessage() + "); Kafka alone does not know " + proposal);
            }
        }
        Decision decision = status.decision();
        if (json) {
            java.util.Map<String, Object> body = DecisionJson.status(status);
            body.put("source", from);
            if (ballots) {
                body.put("ballots", decision == null ? java.util.List.of() : DecisionJson.ballots(decision));
            }
            System.out.println(DecisionJson.write(body));
        } else {
            System.out.println(describe(status));
            if (ballots && decision != null) {
                System.out.print(BallotTable.of(decision));
            }
        }
        return status.state() == ProposalStatus.State.UNKNOWN ? 1 : 0;
    }

    static String describe(ProposalStatus status) {
        String key = status.tenant() + "/" + status.proposalId();
        return switch (status.state()) {
            case UNKNOWN -> key + ": unknown (never published, or older than every source's retention)";
            case PENDING -> key + ": pending (published, the coordinator has not opened round 1 yet)";
            case VOTING -> String.format("%s: voting in round %d, %d eligible, deadline %s", key, status.round().getRound(),
                    status.round().getEligible().size(), Instant.ofEpochMilli(status.round().getDeadlineMs()));
            case ESCALATED -> key + ": escalated, waiting for an arbitration on consensus.arbitrations" + details(status.decision());
            case CLOSED -> key + ": closed" + details(status.decision());
            case REJECTED -> key + ": rejected by the coordinator: " + status.rejection().getReason()
                    + (status.rejection().getDetail().isEmpty() ? "" : " (" + status.rejection().getDetail() + ")");
        };
    }

    private static String details(Decision d) {
        return String.format("%n  decision  %s (%s, support %.2f, round %d, %d of %d eligible voted)%n  reason    %s%n  decided   %s%s",
                d.getDecision() == null ? "none" : d.getDecision(), d.getStatus(), d.getSupport(), d.getRound(), d.getParticipants(),
                d.getEligible(), d.getReason() == null ? "-" : d.getReason(), Instant.ofEpochMilli(d.getDecidedAtMs()),
                d.getFlagged().isEmpty() ? "" : String.format("%n  flagged   %s", String.join(", ", d.getFlagged())));
    }
}
