package io.github.maintenance.spring.boot;

import java.util.ArrayList;
import java.util.List;

/** Read-only maintenance (an entry with mode read-only): {@code maintenance.read-only.*}. */
public class ReadOnlyProperties {

    /**
     * Requests that pass in read-only maintenance besides GET, HEAD, OPTIONS and TRACE: "METHOD
     * /path-prefix" pairs such as "POST /login" (the prefix matched segment by segment). None by
     * default.
     */
    private List<String> allow = new ArrayList<>();

    /** The defaults. */
    public ReadOnlyProperties() {
    }

    public List<String> getAllow() {
        return allow;
    }

    public void setAllow(List<String> allow) {
        this.allow = allow;
    }
}
