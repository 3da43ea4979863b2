package io.minetwin.analytics.registry;

/** What a promotion did. */
public sealed interface PromoteOutcome {

    /** The version is now active; {@code previous} is the version it replaced, or 0. */
    record Promoted(ModelVersion active, int previous) implements PromoteOutcome {
    }

    /** Nothing changed, and why (e.g. the candidate evaluates worse than the active version). */
    record Refused(String reason) implements PromoteOutcome {
    }
}
