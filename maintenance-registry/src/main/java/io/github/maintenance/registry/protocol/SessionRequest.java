package io.github.maintenance.registry.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The session commands: {@code REGISTER}, {@code RECONNECT}, {@code PING}, {@code SESSION_INFO}, {@code SUBSCRIBE}, {@code UNSUBSCRIBE}, {@code CLIENT_SHUTDOWN}. */
public sealed interface SessionRequest extends Request {

    /**
     * {@code REGISTER|service|instance|maintenance_port|metadata_json}.
     *
     * @param service         1 to 128 characters, no control characters
     * @param instance        1 to 128 characters, no control characters
     * @param maintenancePort 0 to 65535
     * @param metadata        the metadata object, the token included; {@code null} when the client
     *                        sent JSON {@code null}
     */
    record Register(String service, String instance, int maintenancePort, Map<String, Object> metadata)
            implements SessionRequest {
        /**
         * Copies the metadata.
         *
         * @param service         the service name
         * @param instance        the instance name
         * @param maintenancePort 0 to 65535
         * @param metadata        the metadata object, or {@code null}
         */
        public Register {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(instance, "instance");
            metadata = metadata == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }

        /** {@return the {@code auth_token} metadata value as sent (any JSON type), or {@code null}} */
        public Object authToken() {
            return metadata == null ? null : metadata.get("auth_token");
        }

        /** {@return the metadata without the token, as a session keeps and shows it; {@code null} for JSON {@code null}} */
        public Map<String, Object> metadataWithoutToken() {
            if (metadata == null) {
                return null;
            }
            Map<String, Object> m = new LinkedHashMap<>(metadata);
            m.remove("auth_token");
            return m;
        }
    }

    /** {@code RECONNECT|session_id}; the id may be empty. */
    record Reconnect(String sessionId) implements SessionRequest {
    }

    /** {@code PING}. */
    record Ping() implements SessionRequest {
    }

    /** {@code SESSION_INFO}. */
    record Info() implements SessionRequest {
    }

    /**
     * {@code SUBSCRIBE|sid|type} ({@code subscribe} true) or {@code UNSUBSCRIBE|sid|type}.
     *
     * @param type      the event type
     * @param subscribe {@code true} for SUBSCRIBE, {@code false} for UNSUBSCRIBE
     */
    record Subscribe(EventType type, boolean subscribe) implements SessionRequest {
        /**
         * Checks that the type is not {@code null}.
         *
         * @param type      the event type
         * @param subscribe {@code true} for SUBSCRIBE, {@code false} for UNSUBSCRIBE
         */
        public Subscribe {
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * {@code MAINT_REASON|sid|text} (an extension): the reason recorded with the session's following
     * changes, until the next {@code MAINT_REASON}.
     *
     * @param reason the reason as {@link io.github.maintenance.Cause#checkReason} accepted it (trimmed),
     *               {@code ""} to clear it
     */
    record Reason(String reason) implements SessionRequest {
        /**
         * Checks that the reason is not {@code null}.
         *
         * @param reason the checked reason, {@code ""} for none
         */
        public Reason {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** {@code CLIENT_SHUTDOWN}. */
    record Shutdown() implements SessionRequest {
    }
}
