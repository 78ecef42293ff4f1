package org.ibal.functions.domain.port;

/** A dependency the health route checks. */
@FunctionalInterface
public interface HealthProbe {
    /** @return true when the dependency answers; never throws */
    boolean healthy();
}
