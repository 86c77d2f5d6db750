package io.synod.app.bench;

import io.synod.events.VoteSignatures;
import io.synod.schemas.AgentRegistration;
import io.synod.schemas.Vote;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The benchmarks' agent population: each agent has an Ed25519 key pair and, unless the population is
 * unsigned, is registered with its public key, so the detector verifies every vote as it would in
 * production (an unsigned population registers no keys and signs nothing, as agents without keys do). Votes are signed by
 * {@link VoteSignatures.Signer}, as the SDK's agents sign them; justifications are varied per agent so that honest load is
 * not mistaken for a copy group or a swarm.
 */
final class BenchAgents {
    // DER prefix of an X.509 SubjectPublicKeyInfo for Ed25519 (OID 1.3.101.112), followed by the 32 raw bytes.
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final String[] OPENINGS = {"Having read the sources,", "On balance,", "After checking the cited figures,",
        "From what the filing says,", "Comparing it with the registry,", "Judging by the main table,", "Reading the key clause,"};
    private static final String[] CORES = {"the evidence supports %s", "the numbers line up with %s", "nothing argues against %s",
        "the strongest signal points to %s", "I would answer %s", "the dated record suggests %s"};
    private static final String[] TAILS = {".", ", fairly clearly.", ", with some hesitation.", ", and I double-checked the dates.",
        ". One detail is ambiguous but does not change it.", ". The audit trail agrees."};

    private final String tenant;
    private final List<String> ids;
    private final VoteSignatures.Signer[] signers;
    private final boolean signed;

    private BenchAgents(String tenant, List<String> ids, VoteSignatures.Signer[] signers, boolean signed) {
        this.tenant = tenant;
        this.ids = ids;
        this.signers = signers;
        this.signed = signed;
    }

    static BenchAgents generate(String tenant, int count, long seed) {
        return generate(tenant, count, seed, true);
    }

    static BenchAgents generate(String tenant, int count, long seed, boolean signed) {
        // Deterministic keys from the seed: the runs of one command are comparable.
        Random random = new Random(seed);
        List<String> ids = new ArrayList<>(count);
        VoteSignatures.Signer[] signers = new VoteSignatures.Signer[count];
        byte[] secret = new byte[Ed25519.SECRET_KEY_SIZE];
        for (int i = 0; i < count; i++) {
            ids.add(String.format("agent-%05d", i));
            random.nextBytes(secret);
            signers[i] = VoteSignatures.signer(secret);
        }
        return new BenchAgents(tenant, List.copyOf(ids), signers, signed);
    }

    static BenchAgents generate(String tenant, int count) {
        return generate(tenant, count, true);
    }

    static BenchAgents generate(String tenant, int count, boolean signed) {
        return generate(tenant, count, new SecureRandom().nextLong(), signed);
    }

    /** Whether the agents are registered with public keys and sign their votes. */
    boolean signed() {
        return signed;
    }

    String tenant() {
        return tenant;
    }

    int size() {
        return ids.size();
    }

    /** The first {@code count} agents' ids. */
    List<String> ids(int count) {
        return ids.subList(0, count);
    }

    String id(int index) {
        return ids.get(index);
    }

    AgentRegistration registration(int index, long atMs) {
        AgentRegistration.Builder registration = AgentRegistration.newBuilder().setTenant(tenant).setAgentId(ids.get(index)).setKind("llm")
                .setActive(true).setUpdatedAtMs(atMs);
        if (!signed) {
            return registration.build();
        }
        byte[] encoded = new byte[X509_PREFIX.length + Ed25519.PUBLIC_KEY_SIZE];
        System.arraycopy(X509_PREFIX, 0, encoded, 0, X509_PREFIX.length);
        System.arraycopy(signers[index].publicKey(), 0, encoded, X509_PREFIX.length, Ed25519.PUBLIC_KEY_SIZE);
        return registration.setPublicKey(Base64.getEncoder().encodeToString(encoded)).build();
    }

    /** Agent {@code index}'s vote (signed unless the population is not) in round 1 of {@code proposalId}: "approve" four times in five, confidence 0.6–0.95. */
    Vote randomVote(int index, String proposalId, long castAtMs, Random random) {
        String choice = random.nextDouble() < 0.8 ? "approve" : "reject";
        return vote(index, proposalId, choice, 0.6 + 0.35 * random.nextDouble(), castAtMs, random);
    }

    /** Agent {@code index}'s vote in round 1 of {@code proposalId}, signed unless the population is not. */
    Vote vote(int index, String proposalId, String choice, double confidence, long castAtMs, Random random) {
        String justification = OPENINGS[random.nextInt(OPENINGS.length)] + " "
                + String.format(CORES[random.nextInt(CORES.length)], "'" + choice + "'") + TAILS[random.nextInt(TAILS.length)];
        Vote vote = Vote.newBuilder().setEventId(tenant + "/" + proposalId + "/" + ids.get(index)).setTenant(tenant)
                .setProposalId(proposalId).setAgentId(ids.get(index)).setRound(1).setChoice(choice).setConfidence(confidence)
                .setJustification(justification).setCastAtMs(castAtMs).build();
        if (!signed) {
            return vote;
        }
        // Set in place: the vote was built here, and a copy per vote is the generator's time.
        vote.setSignature(signers[index].signature(vote));
        return vote;
    }
}
