package io.github.maintenance;

import io.github.maintenance.state.MaintenanceMode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The options of one maintenance entry, as Laravel's {@code down} has them: the mode, the
 * status code, a redirect, the {@code Refresh} interval, a named page template, a bypass secret
 * and the longest hold. Unset options ({@code 0} or {@code null}) fall back to the filter's and
 * controller's configuration. Given with {@link MaintenanceRequest.Builder#options}, kept in
 * {@link io.github.maintenance.state.MaintenanceState#options()} and in state stores.
 *
 * <p>The bypass secret is kept only as its SHA-256 ({@link #bypassSecretHash()}): stores,
 * snapshots, events and views never hold the secret itself.
 *
 * @param mode             how requests are treated; not null
 * @param status           the status code of the maintenance response: {@code 0} for the
 *                         configured one, 400–599, or with {@code redirect} 301, 302, 303, 307 or 308
 * @param redirect         where to send blocked requests instead of the page (an absolute path
 *                         or an http(s) URL), or {@code null}
 * @param refresh          the page's {@code Refresh} interval (1 second to 1 hour), or {@code null}
 *                         for the configured one
 * @param template         the name of a page template configured on the controller, or {@code null}
 * @param bypassSecretHash the SHA-256 of the window's bypass secret, 64 lower-case hex digits, or {@code null}
 * @param hold             in {@link MaintenanceMode#HOLD}, the longest a request is parked (1 second
 *                         to {@link #MAX_HOLD}), or {@code null} for the configured one
 */
public record WindowOptions(MaintenanceMode mode, int status, String redirect, Duration refresh, String template,
        String bypassSecretHash, Duration hold) {

    /** The options of an entry that sets none: full maintenance, everything from configuration. */
    public static final WindowOptions DEFAULTS = new WindowOptions(MaintenanceMode.FULL, 0, null, null, null, null, null);

    /** The longest a request may be held. */
    public static final Duration MAX_HOLD = Duration.ofMinutes(5);

    /** The longest {@code Refresh} interval. */
    public static final Duration MAX_REFRESH = Duration.ofHours(1);

    private static final Pattern TEMPLATE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9._~-]{8,128}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    /**
     * Checks every option.
     *
     * @param mode             how requests are treated; not null
     * @param status           the status code, or {@code 0} for the configured one
     * @param redirect         where to send blocked requests, or {@code null}
     * @param refresh          the page's {@code Refresh} interval, or {@code null}
     * @param template         the name of a configured page template, or {@code null}
     * @param bypassSecretHash the SHA-256 of the bypass secret, or {@code null}
     * @param hold             the longest hold, or {@code null}
     * @throws MaintenanceException if an option is out of range or malformed
     */
    public WindowOptions {
        Objects.requireNonNull(mode, "mode");
        if (redirect != null) {
            checkRedirect(redirect);
            if (status != 0 && status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
                throw MaintenanceErrors.invalidConfig("status", status,
                        "with a redirect the status must be 301, 302, 303, 307 or 308");
            }
        } else if (status != 0 && (status < 400 || status > 599)) {
            throw MaintenanceErrors.invalidConfig("status", status, "must be 400 to 599 (301–308 with a redirect)");
        }
        if (refresh != null && (refresh.getSeconds() < 1 || refresh.compareTo(MAX_REFRESH) > 0)) {
            throw MaintenanceErrors.invalidConfig("refresh", Durations.format(refresh), "must be 1s to 1h");
        }
        if (template != null) {
            checkTemplateName("template", template);
        }
        if (bypassSecretHash != null && !HASH.matcher(bypassSecretHash).matches()) {
            throw MaintenanceErrors.invalidConfig("bypassSecretHash", "…", "must be 64 lower-case hex digits");
        }
        if (hold != null && (hold.getSeconds() < 1 || hold.compareTo(MAX_HOLD) > 0)) {
            throw MaintenanceErrors.invalidConfig("hold", Durations.format(hold),
                    "must be 1s to " + Durations.format(MAX_HOLD));
        }
    }

    /**
     * Checks a page template's name: what {@link #template()} and
     * {@link MaintenanceConfig.Builder#pageTemplate} accept.
     */
    static void checkTemplateName(String key, String name) {
        if (name == null || !TEMPLATE.matcher(name).matches()) {
            throw MaintenanceErrors.invalidConfig(key, name,
                    "a template name: letters, digits, '.', '_' and '-', at most 64 characters");
        }
    }

    private static void checkRedirect(String redirect) {
        if (redirect.length() > 2048) {
            throw MaintenanceErrors.invalidConfig("redirect", redirect.substring(0, 64) + "…", "longer than 2048 characters");
        }
        for (int i = 0; i < redirect.length(); i++) {
            char ch = redirect.charAt(i);
            if (ch <= ' ' || ch == 0x7f) {
                throw MaintenanceErrors.invalidConfig("redirect", redirect, "must not contain spaces or control characters");
            }
        }
        boolean path = redirect.startsWith("/") && !redirect.startsWith("//") && !redirect.startsWith("/\\");
        boolean url = redirect.startsWith("https://") || redirect.startsWith("http://");
        if (!path && !url) {
            throw MaintenanceErrors.invalidConfig("redirect", redirect, "an absolute path like /status or an http(s) URL");
        }
    }

    /** {@return whether every option is unset} */
    public boolean isDefault() {
        return equals(DEFAULTS);
    }

    /**
     * Whether {@code secret} is this window's bypass secret (compared in constant time).
     *
     * @param secret what a request presented; may be {@code null}
     * @return {@code false} when the window has no secret or {@code secret} is another
     */
    public boolean isBypassSecret(String secret) {
        if (bypassSecretHash == null || secret == null || secret.isEmpty() || secret.length() > 128) {
            return false;
        }
        return MessageDigest.isEqual(bypassSecretHash.getBytes(StandardCharsets.US_ASCII),
                sha256(secret).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * {@return the SHA-256 of a bypass secret, as stored in {@link #bypassSecretHash()}}
     *
     * @param secret 8 to 128 characters: letters, digits, {@code .}, {@code _}, {@code ~} and {@code -}
     *               (it becomes a URL path segment)
     * @throws MaintenanceException if {@code secret} does not follow that rule
     */
    public static String hashSecret(String secret) {
        if (secret == null || !SECRET.matcher(secret).matches()) {
            throw MaintenanceErrors.invalidConfig("secret", secret == null ? null : "…",
                    "8 to 128 characters: letters, digits, '.', '_', '~' and '-'");
        }
        return sha256(secret);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** {@return the options that are set, the secret shown only as {@code secret=set}} */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("mode=").append(mode.wireName());
        if (status != 0) {
            b.append(", status=").append(status);
        }
        if (redirect != null) {
            b.append(", redirect=").append(redirect);
        }
        if (refresh != null) {
            b.append(", refresh=").append(Durations.format(refresh));
        }
        if (template != null) {
            b.append(", template=").append(template);
        }
        if (bypassSecretHash != null) {
            b.append(", secret=set");
        }
        if (hold != null) {
            b.append(", hold=").append(Durations.format(hold));
        }
        return b.toString();
    }

    /** {@return a builder starting from {@link #DEFAULTS}} */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** {@return a builder starting from these options} */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link WindowOptions}; {@link #build()} checks every option. */
    public static final class Builder {
        private MaintenanceMode mode;
        private int status;
        private String redirect;
        private Duration refresh;
        private String template;
        private String bypassSecretHash;
        private Duration hold;

        private Builder(WindowOptions from) {
            this.mode = from.mode;
            this.status = from.status;
            this.redirect = from.redirect;
            this.refresh = from.refresh;
            this.template = from.template;
            this.bypassSecretHash = from.bypassSecretHash;
            this.hold = from.hold;
        }

        /**
         * @param value how requests are treated; {@code null} for {@link MaintenanceMode#FULL}
         * @return this builder
         */
        public Builder mode(MaintenanceMode value) {
            this.mode = value == null ? MaintenanceMode.FULL : value;
            return this;
        }

        /**
         * @param value the status code, or {@code 0} for the configured one
         * @return this builder
         */
        public Builder status(int value) {
            this.status = value;
            return this;
        }

        /**
         * @param value where to redirect blocked requests, or {@code null}/empty for none
         * @return this builder
         */
        public Builder redirect(String value) {
            this.redirect = value == null || value.isEmpty() ? null : value;
            return this;
        }

        /**
         * @param value the page's {@code Refresh} interval, or {@code null} for the configured one
         * @return this builder
         */
        public Builder refresh(Duration value) {
            this.refresh = value;
            return this;
        }

        /**
         * @param value a configured template's name, or {@code null}/empty for the default page
         * @return this builder
         */
        public Builder template(String value) {
            this.template = value == null || value.isEmpty() ? null : value;
            return this;
        }

        /**
         * Sets the window's bypass secret; only its SHA-256 is kept.
         *
         * @param secret the secret (see {@link WindowOptions#hashSecret}), or {@code null}/empty for none
         * @return this builder
         * @throws MaintenanceException if the secret is malformed
         */
        public Builder bypassSecret(String secret) {
            this.bypassSecretHash = secret == null || secret.isEmpty() ? null : hashSecret(secret);
            return this;
        }

        /**
         * @param value the SHA-256 of the secret, as {@link WindowOptions#bypassSecretHash()} gives it, or {@code null}
         * @return this builder
         */
        public Builder bypassSecretHash(String value) {
            this.bypassSecretHash = value;
            return this;
        }

        /**
         * @param value the longest hold, or {@code null} for the configured one
         * @return this builder
         */
        public Builder hold(Duration value) {
            this.hold = value;
            return this;
        }

        /**
         * {@return the options}
         *
         * @throws MaintenanceException if an option is out of range or malformed
         */
        public WindowOptions build() {
            return new WindowOptions(mode, status, redirect, refresh, template, bypassSecretHash, hold);
        }
    }
}
