package io.synod.app.json;

import io.synod.schemas.Ballot;
import io.synod.schemas.Decision;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** A decision's ballots for people: one line each, heaviest first, so the votes that carried it lead. */
public final class BallotTable {
    private static final Comparator<Ballot> HEAVIEST_FIRST = Comparator.comparingDouble(Ballot::getWeight).reversed()
            .thenComparing(Ballot::getAgentId);

    private BallotTable() {
    }

    static List<Ballot> heaviestFirst(List<Ballot> ballots) {
        return ballots.stream().sorted(HEAVIEST_FIRST).toList();
    }

    /**
     * The table, or a line saying there are no ballots. A negative weight is an excluded vote counted
     * against its choice (decision 0068); an accuracy the source did not keep (NaN) shows as "-".
     */
    public static String of(Decision decision) {
        if (decision.getBallots().isEmpty()) {
            return "  ballots   none recorded\n";
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "  ballots   round %d, heaviest first%n", decision.getRound()));
        table.append(String.format(Locale.ROOT, "    %-20s %-12s %6s %8s %6s %6s  %s%n", "agent", "choice", "conf", "weight", "susp", "acc",
                "reasons"));
        for (Ballot ballot : heaviestFirst(decision.getBallots())) {
            table.append(String.format(Locale.ROOT, "    %-20s %-12s %6.2f %8.3f %6.2f %6s  %s%n", ballot.getAgentId(), ballot.getChoice(),
                    ballot.getConfidence(), ballot.getWeight(), ballot.getSuspicion(),
                    Double.isNaN(ballot.getAccuracy()) ? "-" : String.format(Locale.ROOT, "%.2f", ballot.getAccuracy()),
                    String.join(", ", ballot.getReasons())));
        }
        return table.toString();
    }
}
