package io.synod.coordinator;

/** How many votes a round has and when the last one came (kept in memory, derived from the round's ballots). */
record RoundProgress(int votes, long lastVoteAtMs) {
    static final RoundProgress NONE = new RoundProgress(0, -1L);

    RoundProgress plus(long atMs) {
        return new RoundProgress(votes + 1, Math.max(lastVoteAtMs, atMs));
    }
}
