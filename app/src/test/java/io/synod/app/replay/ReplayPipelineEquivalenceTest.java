package io.synod.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.synod.config.SynodConfig;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Replay feeds the topologies' processors directly; it must decide byte for byte as the Topology objects do. */
class ReplayPipelineEquivalenceTest {

    static String[] viaBoth(List<String> lines, SynodConfig config) throws Exception {
        ReplayPipeline direct = new ReplayPipeline(config);
        TopologyDriverReplay oracle = new TopologyDriverReplay(config);
        try (direct; oracle) {
            feed(lines, direct::accept);
            feed(lines, oracle::accept);
            direct.finish();
            oracle.finish();
            return new String[] {render(direct.results(), config), render(oracle.results(), config)};
        }
    }

    private static void feed(List<String> lines, Consumer<ReplayEvent> pipeline) {
        EventParser parser = new EventParser();
        for (int i = 0; i < lines.size(); i++) {
            pipeline.accept(parser.parse(lines.get(i), i + 1));
        }
    }

    private static String render(ReplayPipeline.ReplayResults results, SynodConfig config) throws Exception {
        StringWriter out = new StringWriter();
        ReplayWriter.writeDecisions(out, results.decisions());
        ReplayWriter.writeAgents(out, results.agents(), results.reputations(), Verdicts.from(config));
        out.write(results.rejections().toString());
        return out.toString();
    }

    @Test
    void shouldDecideExactlyAsTheTopologyObjectsOnSyntheticVotes() throws Exception {
        String[] both = viaBoth(ReplayCommandTest.syntheticEvents(120), SynodConfig.defaults());

        assertThat(both[0]).isNotEmpty().isEqualTo(both[1]);
    }

    @Test
    void shouldDecideExactlyAsTheTopologyObjectsWithTheSeedPolicyAndMultipleRounds() throws Exception {
        List<String> lines = new ArrayList<>(ReplayCommandTest.syntheticEvents(40));
        lines.replaceAll(line -> line.replace("\"maxRounds\":1", "\"maxRounds\":3").replace("\"fallback\":\"plurality\"", "\"fallback\":\"none\""));
        lines.add("{\"type\":\"vote\",\"proposal\":\"p40\",\"agent\":\"a1\",\"round\":2,\"choice\":\"reject\",\"ts\":999999}");
        lines.add("not json at all");

        String[] both = viaBoth(lines, SynodConfig.defaults().with("policy", "seed"));

        assertThat(both[0]).isNotEmpty().isEqualTo(both[1]);
    }
}
