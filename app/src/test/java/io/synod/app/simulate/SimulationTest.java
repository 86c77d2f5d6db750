package io.synod.app.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationTest {

    private static Simulation.Output simulate(String scenario, int proposals, long seed) {
        return new Simulation(Scenario.CATALOG.get(scenario), 40, proposals, 10, 0.1, seed).run();
    }

    private static List<Map<String, Object>> votes(Simulation.Output output, int round) {
        return output.events().stream().filter(e -> "vote".equals(e.get("type")) && Integer.valueOf(round).equals(e.get("round"))).toList();
    }

    @Test
    void shouldMakeTheBlocVoteTogetherForAWrongAnswerWithAThirdOfTheVotes() {
        Simulation.Output output = simulate("bloc33", 200, 3);
        Map<String, Set<String>> blocChoices = new HashMap<>();
        int blocVotes = 0;
        List<Map<String, Object>> firstRound = votes(output, 1);
        for (Map<String, Object> vote : firstRound) {
            if (output.byzantine().contains((String) vote.get("agent"))) {
                blocVotes++;
                blocChoices.computeIfAbsent((String) vote.get("proposal"), p -> new HashSet<>()).add((String) vote.get("choice"));
            }
        }
        assertThat(blocChoices).hasSize(200);
        blocChoices.forEach((proposal, choices) -> {
            assertThat(choices).as("bloc on %s", proposal).hasSize(1);
            assertThat(choices).doesNotContain(output.truth().get(proposal));
        });
        assertThat((double) blocVotes / firstRound.size()).isCloseTo(0.33, within(0.03));
    }

    @Test
    void shouldRegisterSybilsInFreshBurstsOnlyAfterThirtyPercentOfTheProposals() {
        Simulation.Output output = simulate("sybil60", 200, 5);
        Map<Long, Integer> registrationsAt = new HashMap<>();
        output.events().stream().filter(e -> "agent".equals(e.get("type")) && output.byzantine().contains((String) e.get("agent")))
                .forEach(e -> registrationsAt.merge(((Number) e.get("ts")).longValue(), 1, Integer::sum));

        assertThat(registrationsAt).isNotEmpty();
        assertThat(registrationsAt.keySet()).allMatch(ts -> ts >= 0.3 * 200 * 1000 - 1000);
        assertThat(registrationsAt.values()).allMatch(count -> count == 15);
    }

    @Test
    void shouldRegisterOnlyTheSybilsThatVoteWhateverTheVotesPerProposal() {
        // 60% of the votes beside 7 honest ones is 10 sybils a proposal.
        Simulation.Output output = new Simulation(Scenario.CATALOG.get("sybil60"), 40, 200, 7, 0.1, 5).run();
        Set<String> voted = new HashSet<>();
        votes(output, 1).forEach(vote -> voted.add((String) vote.get("agent")));

        assertThat(output.byzantine()).isNotEmpty().allMatch(voted::contains);
        assertThat(votes(output, 1).stream().filter(v -> output.byzantine().contains((String) v.get("agent")))
                .map(v -> (String) v.get("proposal")).distinct().count()).isGreaterThan(20);
    }

    @Test
    void shouldKeepTheCamouflagedBlocHonestBeforeItAttacks() {
        Simulation.Output output = simulate("camo33", 300, 9);
        long early = 0;
        long earlyRight = 0;
        for (Map<String, Object> vote : votes(output, 1)) {
            String proposal = (String) vote.get("proposal");
            if (output.byzantine().contains((String) vote.get("agent")) && Integer.parseInt(proposal.substring(1)) <= 60) {
                early++;
                earlyRight += vote.get("choice").equals(output.truth().get(proposal)) ? 1 : 0;
            }
        }
        assertThat((double) earlyRight / early).isGreaterThan(0.75);
    }

    @Test
    void shouldWriteTheSameBytesForTheSameSeed(@TempDir Path dir) throws Exception {
        SimulateCommand.write(simulate("mixed", 50, 11), dir.resolve("a"));
        SimulateCommand.write(simulate("mixed", 50, 11), dir.resolve("b"));

        for (String file : List.of("events.jsonl.gz", "truth.jsonl", "byzantine.json", "useless.json")) {
            assertThat(Files.readAllBytes(dir.resolve("a").resolve(file))).as(file).isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(file)));
        }
    }

    @Test
    void shouldWriteEachProposalsPolicyInAFixedOrderSoThatAnotherRunWritesTheSameBytes() {
        // One JVM orders a Map.of alike every time; the next orders it by another salt. Only a fixed order is the same in both.
        Map<String, Object> proposal = simulate("mixed", 5, 11).events().stream().filter(e -> "proposal".equals(e.get("type"))).findFirst()
                .orElseThrow();

        assertThat(((Map<?, ?>) proposal.get("policy")).keySet().stream().map(String::valueOf).toList()).containsExactly("threshold", "maxRounds", "minParticipants", "roundTimeoutMs",
                "fallback");
    }

    @Test
    void shouldGiveEveryProposalItsVotersAsParticipantsAndSomeOutcomes() {
        Simulation.Output output = simulate("honest", 300, 13);
        List<Map<String, Object>> proposals = output.events().stream().filter(e -> "proposal".equals(e.get("type"))).toList();
        long outcomes = output.events().stream().filter(e -> "outcome".equals(e.get("type"))).count();

        assertThat(proposals).hasSize(300);
        assertThat(outcomes).isBetween(15L, 45L);
        List<String> options = new ArrayList<>();
        proposals.forEach(p -> options.add(String.valueOf(((List<?>) p.get("options")).size())));
        assertThat(options).contains("2", "3", "4");
        assertThat(output.byzantine()).isEmpty();
    }
}
