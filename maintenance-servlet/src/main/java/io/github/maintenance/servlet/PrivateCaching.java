package io.github.maintenance.servlet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * The response of a request that passed only because of a bypass (address, secret, role, the
 * application's rule): it carries {@code Cache-Control: private} unless the application sets its
 * own caching header, so that a shared cache never serves what the team saw to everyone.
 *
 * <p>The header is set on the response at once (so it is there however the response gets
 * committed) but hidden from the application: {@code getHeader}, {@code containsHeader} and
 * {@code getHeaderNames} do not show it, so a framework that writes {@code Cache-Control} only
 * when none is set still writes its own. The application's {@code setHeader} or {@code addHeader}
 * of {@code Cache-Control} replaces it (never a second value beside it); an {@code Expires} the
 * application sets removes it (the application chose how the page is cached). Nothing is added
 * when the response already had {@code Cache-Control} or {@code Expires}.
 */
final class PrivateCaching extends HttpServletResponseWrapper {

    static final String CACHE_CONTROL = "Cache-Control";
    static final String PRIVATE = "private";
    private static final String EXPIRES = "Expires";

    /** Whether the response holds our {@code private}, not a value of the application's. */
    private boolean defaulted;

    private PrivateCaching(HttpServletResponse response) {
        super(response);
    }

    /**
     * {@return {@code response} with {@code Cache-Control: private} by default, or
     * {@code response} itself when it already has a caching header}
     *
     * @param response the response of a bypassing request
     */
    static HttpServletResponse wrap(HttpServletResponse response) {
        if (response.containsHeader(CACHE_CONTROL) || response.containsHeader(EXPIRES) || response.isCommitted()) {
            return response;
        }
        PrivateCaching wrapped = new PrivateCaching(response);
        response.setHeader(CACHE_CONTROL, PRIVATE);
        wrapped.defaulted = true;
        return wrapped;
    }

    /** Called before the application sets a header: gives way to its own caching header. */
    private void before(String name, boolean adds) {
        if (!defaulted || name == null) {
            return;
        }
        if (CACHE_CONTROL.equalsIgnoreCase(name)) {
            defaulted = false;
            if (adds) {
                super.setHeader(CACHE_CONTROL, null); // its first value replaces ours
            }
        } else if (EXPIRES.equalsIgnoreCase(name)) {
            defaulted = false;
            super.setHeader(CACHE_CONTROL, null);
        }
    }

    private boolean hidden(String name) {
        return defaulted && CACHE_CONTROL.equalsIgnoreCase(name);
    }

    @Override
    public void setHeader(String name, String value) {
        if (value == null && hidden(name)) {
            return; // removing a header the application cannot see: ours stays
        }
        before(name, false);
        super.setHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        before(name, true);
        super.addHeader(name, value);
    }

    @Override
    public void setDateHeader(String name, long date) {
        before(name, false);
        super.setDateHeader(name, date);
    }

    @Override
    public void addDateHeader(String name, long date) {
        before(name, true);
        super.addDateHeader(name, date);
    }

    @Override
    public void setIntHeader(String name, int value) {
        before(name, false);
        super.setIntHeader(name, value);
    }

    @Override
    public void addIntHeader(String name, int value) {
        before(name, true);
        super.addIntHeader(name, value);
    }

    @Override
    public boolean containsHeader(String name) {
        return !hidden(name) && super.containsHeader(name);
    }

    @Override
    public String getHeader(String name) {
        return hidden(name) ? null : super.getHeader(name);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        return hidden(name) ? List.of() : super.getHeaders(name);
    }

    @Override
    public Collection<String> getHeaderNames() {
        Collection<String> names = super.getHeaderNames();
        if (!defaulted) {
            return names;
        }
        List<String> out = new ArrayList<>(names.size());
        for (String n : names) {
            if (!CACHE_CONTROL.equalsIgnoreCase(n)) {
                out.add(n);
            }
        }
        return out;
    }

    @Override
    public void reset() {
        super.reset();
        if (defaulted) {
            super.setHeader(CACHE_CONTROL, PRIVATE); // reset clears headers; the application still set none
        }
    }
}
