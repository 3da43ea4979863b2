package io.minetwin.model;

/**
 * Receives twin changes. Called on the thread that made the change, while the repository holds its
 * write lock so that changes arrive in order: hand work off to another thread rather than block.
 */
@FunctionalInterface
public interface TwinListener {
    void onChange(TwinChange change);
}
