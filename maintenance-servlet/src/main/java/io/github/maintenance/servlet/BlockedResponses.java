package io.github.maintenance.servlet;

import io.github.maintenance.Decision;
import io.github.maintenance.WindowOptions;
import io.github.maintenance.page.NegotiationCache;
import io.github.maintenance.page.RenderedPage;
import io.github.maintenance.page.Variant;
import io.github.maintenance.servlet.proxy.PageProxy;
import io.github.maintenance.state.MaintenanceMode;
import io.github.maintenance.state.MaintenanceState;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes what a blocked request gets: the maintenance page (negotiated by {@code Accept} and
 * {@code Accept-Language}), the redirect, or the proxied custom page, with the maintenance headers.
 *
 * <p>The built-in page is the hot path while a whole site is down, so it does no more per request
 * than a servlet writing fixed bytes: the bodies come pre-encoded from the decision's
 * {@link RenderedPage}, the negotiation outcome per distinct header value from a
 * {@link NegotiationCache}, the {@code Vary} values are computed once, and the {@code Retry-After}
 * text is kept for the last seconds value and the last end date.
 */
final class BlockedResponses {

    /** IMF-fixdate (RFC 9110 section 5.6.7): always two-digit day, always GMT. */
    static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final FilterSettings settings;
    private final String redirectLocation;
    private final Supplier<PageProxy> proxy;
    private final Function<HttpServletRequest, String> forwardedFor;
    private final Supplier<Clock> clock;
    private final NegotiationCache negotiation = new NegotiationCache();
    /** {@code Vary} of a localized page and of a page in one language, with {@code Origin} when CORS needs it. */
    private final String varyLocalized;
    private final String varyPlain;
    /** The {@code Retry-After} text of the last seconds value, and of the last end date. */
    private volatile RetryAfterText lastSeconds = new RetryAfterText(0, "0");
    private volatile RetryAfterDate lastDate;

    private record RetryAfterText(long seconds, String text) {
    }

    private record RetryAfterDate(Instant until, String text) {
    }

    /**
     * @param settings the filter's settings
     * @param redirectLocation where redirect mode sends clients (with the context path), or {@code null}
     * @param proxy the page proxy, created on first use
     * @param forwardedFor the {@code X-Forwarded-For} value to send to the page server
     * @param clock the controller's clock, for telling whether a known end is still ahead
     */
    BlockedResponses(FilterSettings settings, String redirectLocation, Supplier<PageProxy> proxy,
            Function<HttpServletRequest, String> forwardedFor, Supplier<Clock> clock) {
        this.settings = settings;
        this.redirectLocation = redirectLocation;
        this.proxy = proxy;
        this.forwardedFor = forwardedFor;
        this.clock = clock;
        this.varyLocalized = settings.cors().vary("Accept, Accept-Language");
        this.varyPlain = settings.cors().vary("Accept");
    }

    void respond(HttpServletRequest request, HttpServletResponse response, Decision decision) throws IOException {
        settings.cors().addHeaders(request, response, true);
        String retryAfter = retryAfter(decision);
        switch (decision.action()) {
            case MAINTENANCE -> {
                WindowOptions options = decision.options();
                if (options.redirect() != null) {
                    writeRedirect(response, decision, options.redirect(),
                            options.status() != 0 ? options.status() : HttpServletResponse.SC_FOUND, retryAfter);
                    return;
                }
                String pageUrl = decision.pageUrl();
                if (pageUrl != null && writeProxied(request, response, decision, pageUrl, retryAfter)) {
                    return;
                }
                if (pageUrl == null && redirectLocation != null) {
                    writeRedirect(response, decision, redirectLocation, settings.redirect().status(), retryAfter);
                    return;
                }
                response.setStatus(statusCode(decision));
                response.setHeader("X-Maintenance-Mode", modeHeader(decision));
                writePage(request, response, decision.page(), retryAfter);
            }
            case DRAIN_REJECT -> {
                response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                response.setHeader("X-Drain-Mode", "true");
                response.setHeader("Connection", "close");
                writePage(request, response, decision.page(), retryAfter);
            }
            case CIRCUIT_OPEN -> {
                response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                response.setHeader("X-Maintenance-Mode", "true");
                response.setHeader("X-Circuit-State", "open");
                writePage(request, response, decision.page(), retryAfter);
            }
            default -> throw new IllegalStateException("not a blocking decision: " + decision);
        }
    }

    /** The window's status code when it gives one, the filter's otherwise. */
    private int statusCode(Decision decision) {
        int status = decision.options().status();
        return status != 0 ? status : settings.statusCode();
    }

    private static String modeHeader(Decision decision) {
        return decision.mode() == MaintenanceMode.READ_ONLY ? "read-only" : "true";
    }

    /**
     * The {@code Retry-After} value: the known end of the maintenance as an IMF-fixdate when it is
     * still ahead and dates are not turned off, the decision's seconds otherwise.
     */
    String retryAfter(Decision decision) {
        if (settings.retryAfterAsDate() && decision.action() == Decision.Action.MAINTENANCE) {
            MaintenanceState m = decision.maintenance();
            Instant until = m == null ? null : m.until();
            if (until != null && until.isAfter(clock.get().instant())) {
                RetryAfterDate d = lastDate;
                if (d == null || !d.until().equals(until)) {
                    d = new RetryAfterDate(until, IMF_FIXDATE.format(until));
                    lastDate = d;
                }
                return d.text();
            }
        }
        long seconds = decision.retryAfterSeconds();
        RetryAfterText t = lastSeconds;
        if (t.seconds() != seconds) {
            t = new RetryAfterText(seconds, Long.toString(seconds));
            lastSeconds = t;
        }
        return t.text();
    }

    /**
     * Writes every header, then the negotiated body (none for HEAD) in the language chosen by
     * {@code Accept-Language}.
     */
    private void writePage(HttpServletRequest request, HttpServletResponse response, RenderedPage page,
            String retryAfter) throws IOException {
        Variant variant = negotiation.variant(request.getHeader("Accept"));
        int language = negotiation.language(page, request.getHeader("Accept-Language"));
        response.setHeader("Retry-After", retryAfter);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Vary", page.isLocalized() ? varyLocalized : varyPlain);
        String tag = page.language(language);
        if (tag != null) {
            response.setHeader("Content-Language", tag);
        }
        String refresh = page.refreshHeader();
        if (refresh != null) {
            response.setHeader("Refresh", refresh);
        }
        response.setContentType(variant.contentType());
        response.setContentLength(page.length(variant, language));
        if (!"HEAD".equals(request.getMethod())) {
            page.writeTo(variant, language, response.getOutputStream());
        }
    }

    /** Redirect mode: the redirect instead of the page, with the maintenance headers and no body. */
    private void writeRedirect(HttpServletResponse response, Decision decision, String location, int status,
            String retryAfter) {
        response.setStatus(status);
        response.setHeader("Location", location);
        response.setHeader("X-Maintenance-Mode", modeHeader(decision));
        response.setHeader("Retry-After", retryAfter);
        response.setHeader("Cache-Control", "no-store");
        String vary = settings.cors().vary(null);
        if (vary != null) {
            response.setHeader("Vary", vary);
        }
        response.setContentLength(0);
    }

    private boolean writeProxied(HttpServletRequest request, HttpServletResponse response, Decision decision,
            String pageUrl, String retryAfter) throws IOException {
        PageProxy p = proxy.get();
        PageProxy.Page page = p.page(pageUrl, request, decision.page(), forwardedFor.apply(request));
        if (page == null) {
            return false;
        }
        response.setStatus(settings.proxy().passUpstreamStatus() ? page.status() : statusCode(decision));
        for (Map.Entry<String, List<String>> h : page.headers().entrySet()) {
            for (String v : h.getValue()) {
                response.addHeader(h.getKey(), v);
            }
        }
        response.setHeader("X-Maintenance-Mode", modeHeader(decision));
        response.setHeader("Retry-After", retryAfter);
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Vary", settings.cors().vary(p.vary(decision.page())));
        if (!"HEAD".equals(request.getMethod())) {
            // A HEAD answer keeps the length the page server declared (copied above).
            response.setContentLength(page.body().length);
            response.getOutputStream().write(page.body());
        }
        return true;
    }
}
