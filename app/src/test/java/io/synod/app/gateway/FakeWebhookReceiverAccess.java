package io.synod.app.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A {@link FakeWebhookReceiver} for tests outside this package. */
public final class FakeWebhookReceiverAccess implements AutoCloseable {
    public record Delivery(long timestampMs, byte[] body, String signature) {
    }

    private final FakeWebhookReceiver receiver;

    private FakeWebhookReceiverAccess(FakeWebhookReceiver receiver) {
        this.receiver = receiver;
    }

    public static FakeWebhookReceiverAccess start(int status) throws java.io.IOException {
        return new FakeWebhookReceiverAccess(new FakeWebhookReceiver(status));
    }

    public String url() {
        return receiver.url();
    }

    /** The first delivery whose body names {@code proposal}, waiting up to a minute for it. */
    public Delivery awaitFor(String proposal) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (receiver.forProposal(proposal).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no webhook delivery for " + proposal + "; received "
                        + receiver.received().stream().map(r -> new String(r.body(), StandardCharsets.UTF_8)).toList());
            }
            Thread.sleep(50);
        }
        FakeWebhookReceiver.Received received = receiver.forProposal(proposal).get(0);
        return new Delivery(Long.parseLong(received.header(WebhookSigner.TIMESTAMP_HEADER)), received.body(),
                received.header(WebhookSigner.SIGNATURE_HEADER));
    }

    @Override
    public void close() {
        receiver.close();
    }
}
