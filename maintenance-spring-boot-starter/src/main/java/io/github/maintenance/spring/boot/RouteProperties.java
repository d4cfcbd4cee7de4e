package io.github.maintenance.spring.boot;

import java.util.ArrayList;
import java.util.List;

/** One route: {@code maintenance.routes[n].*}. */
public class RouteProperties {

    /** The route id: letters, digits, '-', '_', '.'. */
    private String id;

    /** The path prefix the route covers, e.g. /api. */
    private String path;

    /** Host names the route covers, e.g. shop.example.com or *.example.com. */
    private List<String> domains = new ArrayList<>();

    /** Priority when several routes match (higher wins). */
    private Integer priority;

    /** Path prefixes of the route that are never blocked, e.g. /api/health. */
    private List<String> exemptPaths = new ArrayList<>();

    /** An empty route. */
    public RouteProperties() {
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public List<String> getDomains() {
        return domains;
    }

    public void setDomains(List<String> domains) {
        this.domains = domains;
    }

    public Integer getPriority() {
        return priority;
    }

    public void setPriority(Integer priority) {
        this.priority = priority;
    }

    public List<String> getExemptPaths() {
        return exemptPaths;
    }

    public void setExemptPaths(List<String> exemptPaths) {
        this.exemptPaths = exemptPaths;
    }
}
