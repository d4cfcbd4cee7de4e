package io.github.maintenance.spring.boot;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;

/** The proxy of custom maintenance pages: {@code maintenance.proxy.*}. */
public class ProxyProperties {

    /** Connect time-out of page fetches. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration connectTimeout = Duration.ofSeconds(2);

    /** Read time-out of page fetches. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration readTimeout = Duration.ofSeconds(5);

    /** Whether the upstream status is passed on instead of the maintenance status. */
    private boolean passStatus = false;

    /** Whether the request's cookies are forwarded to the page URL. */
    private boolean forwardCookies = false;

    /** Whether the request's Authorization header is forwarded to the page URL. */
    private boolean forwardAuthorization = false;

    /** Largest page body accepted. */
    private DataSize maxBodySize = DataSize.ofBytes(1048576);

    /** Whether pages are fetched with the request's method and query, uncached. */
    private boolean forwardMethodAndQuery = false;

    /** How long a fetched page is cached, 1ms to 1h. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration cacheTtl = Duration.ofSeconds(5);

    /** Most pages cached, 1 to 100000. */
    private int cacheSize = 256;

    /** How long a request waits for a page being fetched, 0 to the read time-out. */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration missWait = Duration.ofMillis(100);

    /** The defaults. */
    public ProxyProperties() {
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getReadTimeout() {
        return readTimeout;
    }

    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    public boolean isPassStatus() {
        return passStatus;
    }

    public void setPassStatus(boolean passStatus) {
        this.passStatus = passStatus;
    }

    public boolean isForwardCookies() {
        return forwardCookies;
    }

    public void setForwardCookies(boolean forwardCookies) {
        this.forwardCookies = forwardCookies;
    }

    public boolean isForwardAuthorization() {
        return forwardAuthorization;
    }

    public void setForwardAuthorization(boolean forwardAuthorization) {
        this.forwardAuthorization = forwardAuthorization;
    }

    public DataSize getMaxBodySize() {
        return maxBodySize;
    }

    public void setMaxBodySize(DataSize maxBodySize) {
        this.maxBodySize = maxBodySize;
    }

    public boolean isForwardMethodAndQuery() {
        return forwardMethodAndQuery;
    }

    public void setForwardMethodAndQuery(boolean forwardMethodAndQuery) {
        this.forwardMethodAndQuery = forwardMethodAndQuery;
    }

    public Duration getCacheTtl() {
        return cacheTtl;
    }

    public void setCacheTtl(Duration cacheTtl) {
        this.cacheTtl = cacheTtl;
    }

    public int getCacheSize() {
        return cacheSize;
    }

    public void setCacheSize(int cacheSize) {
        this.cacheSize = cacheSize;
    }

    public Duration getMissWait() {
        return missWait;
    }

    public void setMissWait(Duration missWait) {
        this.missWait = missWait;
    }
}
