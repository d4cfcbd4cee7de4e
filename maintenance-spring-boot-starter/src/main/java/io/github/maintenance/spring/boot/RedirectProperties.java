package io.github.maintenance.spring.boot;

/** A redirect instead of the page: {@code maintenance.redirect.*}. */
public class RedirectProperties {

    /** A path within the application or an absolute http(s) URL; the page is served when not set. */
    private String url;

    /** The redirect status, 302 or 307. */
    private int status = 302;

    /** The defaults. */
    public RedirectProperties() {
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public int getStatus() {
        return status;
    }

    public void setStatus(int status) {
        this.status = status;
    }
}
