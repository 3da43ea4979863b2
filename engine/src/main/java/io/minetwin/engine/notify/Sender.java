package io.minetwin.engine.notify;

/** Sends a notification to one channel, one attempt at a time. */
interface Sender {

    /** The result of one attempt. */
    record Outcome(boolean delivered, boolean retryable, String status) {
        static Outcome delivered(String status) {
            return new Outcome(true, false, status);
        }

        static Outcome retry(String status) {
            return new Outcome(false, true, status);
        }

        static Outcome refused(String status) {
            return new Outcome(false, false, status);
        }
    }

    /**
     * Makes attempt {@code attempt} (1-based) to deliver {@code n}; never throws for a failure of the receiver,
     * which the outcome describes.
     *
     * @throws InterruptedException if the thread was interrupted (the engine is stopping)
     */
    Outcome send(Notification n, int attempt) throws InterruptedException;
}
