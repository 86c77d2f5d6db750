package io.synod.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommitPacerTest {
    private static final long PACE = 20;
    private static final long BACKLOG = 20;

    /** Feeds one interval's votes, each {@code ages} ms old at {@code now}, and returns the pacer's call. */
    private static boolean interval(CommitPacer pacer, long now, long... ages) {
        for (long age : ages) {
            pacer.observe(now, now - age);
        }
        return pacer.commitNow(now);
    }

    @Test
    void shouldCommitAtThePaceWhileVotesArriveWithoutQueueing() {
        CommitPacer pacer = new CommitPacer(PACE, BACKLOG);

        for (long now = 1_000; now < 2_000; now += 20) {
            assertThat(interval(pacer, now, 4, 9, 15)).isTrue();
        }
    }

    @Test
    void shouldLetTheTransactionGrowWhenEveryVoteOfAnIntervalWaitedInABacklog() {
        CommitPacer pacer = new CommitPacer(PACE, BACKLOG);
        interval(pacer, 1_000, 5, 12);

        assertThat(interval(pacer, 1_020, 180, 240, 300)).isFalse();
        assertThat(interval(pacer, 1_040, 24, 400)).as("youngest within the backlog allowance").isTrue();
    }

    @Test
    void shouldCommitWhenNoVoteArrivedSinceNothingQueues() {
        CommitPacer pacer = new CommitPacer(PACE, BACKLOG);
        interval(pacer, 1_000, 5);
        interval(pacer, 1_020, 300);

        assertThat(pacer.commitNow(1_040)).isTrue();
    }

    @Test
    void shouldJudgeQueueingAgainstTheYoungestAgeSoAConstantClockOffsetOfTheProducersDoesNotCount() {
        CommitPacer pacer = new CommitPacer(PACE, BACKLOG);

        // Producers 900 ms behind the path's clock: every vote looks old, none has queued.
        assertThat(interval(pacer, 1_000, 905, 930)).isTrue();
        assertThat(interval(pacer, 1_020, 910, 920)).isTrue();
        assertThat(interval(pacer, 1_040, 1_100)).isFalse();
    }

    @Test
    void shouldForgetTheYoungestAgeAfterItsBucketsExpire() {
        CommitPacer pacer = new CommitPacer(PACE, BACKLOG);
        interval(pacer, 0, 5);
        long later = CommitPacer.BUCKET_MS * (CommitPacer.BUCKETS + 1);

        // Minutes later the producers' clocks moved 500 ms: the old floor no longer stands.
        assertThat(interval(pacer, later, 505)).isTrue();
        assertThat(interval(pacer, later + 20, 510)).isTrue();
    }

    @Test
    void shouldKeepTheYoungestAgeOfTheLastMinutesWhileVotesKeepComing() {
        CommitPacer pacer = new CommitPacer(PACE, BACKLOG);
        interval(pacer, 0, 5);

        long now = CommitPacer.BUCKET_MS * (CommitPacer.BUCKETS - 1);
        assertThat(interval(pacer, now, 200)).as("a backlog that built up within the window").isFalse();
    }

    @Test
    void shouldJudgeEachIntervalOnceForAllTheTasksOfTheThread() {
        CommitPacer pacer = new CommitPacer(PACE, BACKLOG);
        pacer.observe(1_000, 995);

        assertThat(pacer.commitNow(1_000)).as("the first task to punctuate").isTrue();
        assertThat(pacer.commitNow(1_007)).as("another task, same interval: already judged").isFalse();
        pacer.observe(1_015, 1_010);
        assertThat(pacer.commitNow(1_020)).isTrue();
    }

    @Test
    void shouldRefuseNegativeSettings() {
        assertThatThrownBy(() -> new CommitPacer(20, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CommitPacer(0, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CommitPacer.Settings(-5, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThat(CommitPacer.Settings.OFF.enabled()).isFalse();
    }
}
