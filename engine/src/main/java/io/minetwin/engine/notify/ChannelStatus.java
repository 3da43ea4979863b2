package io.minetwin.engine.notify;

import java.util.Optional;

/**
 * What one notification channel did so far.
 *
 * @param delivered notifications delivered
 * @param failed    notifications given up on (attempts used up, or refused for good)
 * @param retries   failed attempts that were retried
 * @param dropped   notifications dropped because the channel's queue was full, or left at shutdown
 * @param queued    notifications waiting
 * @param busy      whether one is being sent (or waited on between attempts)
 * @param lastError the last failed attempt's result
 */
public record ChannelStatus(String name, String kind, long delivered, long failed, long retries, long dropped,
                            int queued, boolean busy, Optional<String> lastError) {
}
