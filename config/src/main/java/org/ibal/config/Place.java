package org.ibal.config;

/** Where a setting is read or written; the catalogue test checks each file against these. */
public enum Place {
    /** Read by the functions (on Lambda, in the gateway and in self-hosting alike). */
    FUNCTIONS,
    /** Set in template.yaml's function environment (Globals), so it can be set on AWS. */
    LAMBDA_ENV,
    /** Read by the gateway itself. */
    GATEWAY,
    /** A template.yaml parameter only: the stack's own shape, read by no code. */
    STACK,
    /** Read by Caddy in self-hosting (infra/Caddyfile). */
    CADDY,
    /** Set by infra/docker-compose.yml for the gateway replicas or Caddy. */
    COMPOSE,
    /** Printed by the Tutor plugin's {@code tutor ibal backend-config} (tutor_ibal/backend_config.py). */
    TUTOR,
    /** Set by the platform (Lambda), never by hand. */
    PLATFORM
}
