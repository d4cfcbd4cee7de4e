package io.github.maintenance.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The canonical path the filter matches, whatever the container left in the servlet path. */
class RequestPathTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/, /",
            "/admin, /admin",
            "/admin/, /admin/",
            "/.well-known/x, /.well-known/x",
            "/admin;jsessionid=1, /admin",
            "/admin/health;x=1, /admin/health",
            "/public/../admin, /admin",
            "/x/..;/admin, /admin",
            "/x/..;/admin/users, /admin/users",
            "/admin/health/..;/users, /admin/users",
            "/admin/health;/../users, /admin/users",
            "/admin/./users, /admin/users",
            "//admin//users, /admin/users",
            "/../../admin, /admin",
            "/admin/users/.., /admin/",
            "/admin/., /admin/",
            "/.., /",
            "/;x, /",
    })
    void pathParametersAndDotSegmentsAreResolved(String servletPath, String canonical) {
        assertThat(RequestPath.canonical(servletPath)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @CsvSource({"/", "/admin/users", "/a.b/c..d/e."})
    void aCanonicalPathIsReturnedAsItIs(String path) {
        assertThat(RequestPath.canonical(path)).isSameAs(path);
    }
}
