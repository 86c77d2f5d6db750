package io.synod.app.replay;

/**
 * One refused input as {@code synod replay --rejected-out} lists it: what the live pipeline's
 * rejection on {@code consensus.rejected} says, and the input line of the refused event.
 *
 * @param line     the refused event's input line (for an outcome refused later, replaced by a later one
 *                 or left without a decision, the line it came on); null only for an event the replay
 *                 was not given with a line
 * @param source   what was refused: the line's type, or the rejection's source
 * @param eventId  the refused event's id when it has one (a vote's)
 */
public record RejectedInput(Long line, String source, String reason, String detail, String tenant, String proposal, String agent,
                            String eventId, long tsMs) {

    /** Where a replay's rejections go, one at a time, in the order they are made. */
    @FunctionalInterface
    public interface Log {
        Log NONE = rejected -> {
        };

        void rejected(RejectedInput rejected);
    }
}
