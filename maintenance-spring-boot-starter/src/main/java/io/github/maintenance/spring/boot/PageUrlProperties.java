package io.github.maintenance.spring.boot;

import java.util.ArrayList;
import java.util.List;

/** What custom page URLs may reach: {@code maintenance.page.url.*}. */
public class PageUrlProperties {

    /** Hosts (or *.suffix) custom page URLs may name; any host when empty. */
    private List<String> allowedHosts = new ArrayList<>();

    /** Address classes custom page URLs may not reach: loopback, private. Link-local and metadata addresses are always refused. */
    private List<AddressClass> deny = new ArrayList<>();

    /** The defaults. */
    public PageUrlProperties() {
    }

    /** Address classes a page URL can be denied. */
    public enum AddressClass {
        /** 127.0.0.0/8, ::1. */
        LOOPBACK,
        /** Private ranges. */
        PRIVATE
    }

    public List<String> getAllowedHosts() {
        return allowedHosts;
    }

    public void setAllowedHosts(List<String> allowedHosts) {
        this.allowedHosts = allowedHosts;
    }

    public List<AddressClass> getDeny() {
        return deny;
    }

    public void setDeny(List<AddressClass> deny) {
        this.deny = deny;
    }
}
