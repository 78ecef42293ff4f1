package org.ibal.gateway.cluster;

/** Where gateway instances that share a store find each other. */
public interface InstanceDirectory extends AutoCloseable {
    /** This instance's tag: the first two characters of every connection id it issues. */
    String tag();

    /** The base URL of the live instance with {@code tag}, or null when there is none. */
    String urlOf(String tag);

    /** Drops what is cached about {@code tag} after its instance stopped answering. */
    default void forget(String tag) {}

    @Override
    void close();
}
