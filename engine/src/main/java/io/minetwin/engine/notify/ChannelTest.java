package io.minetwin.engine.notify;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The result of sending a test message to one channel ({@code minetwin notify test}).
 *
 * @param channel the channel's name
 * @param kind    webhook or email
 * @param ok      whether the message was delivered
 * @param status  what the receiver answered, or exactly why it failed
 */
public record ChannelTest(String channel, String kind, boolean ok, String status) {

    /**
     * Sends one test message to each channel of {@code settings}, one attempt each (no retries, so the answer is
     * prompt), in configuration order. Nothing is recorded in the event log.
     */
    public static List<ChannelTest> run(NotificationSettings settings, Clock clock) throws InterruptedException {
        MessageFormat format = new MessageFormat(settings::machineLink);
        List<ChannelTest> out = new ArrayList<>();
        for (ChannelSettings c : settings.channels().values()) {
            Notification n = new Notification(UUID.randomUUID().toString(), Notification.Kind.TEST, "test",
                    clock.instant(), List.of(), clock.instant());
            Sender.Outcome o;
            try {
                o = Notifier.sender(c, format, clock).send(n, 1);
            } catch (RuntimeException e) {
                o = Sender.Outcome.refused("unexpected failure: " + e);
            }
            out.add(new ChannelTest(c.name(), c.kind(), o.delivered(), o.status()));
        }
        return out;
    }
}
