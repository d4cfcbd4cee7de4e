package io.github.maintenance.containers;

import io.github.maintenance.servlet.MaintenanceFilter;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.stream.Stream;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;

/**
 * Tomcat (11 or 10.1, whichever is on the class path; the embedded API used is the same): filter and
 * servlets registered by a {@code ServletContainerInitializer}, error pages on the {@code Context}.
 */
final class TomcatContainer implements ContainerServer {

    private Tomcat tomcat;
    private Context context;
    private Connector connector;
    private Path baseDir;
    private final int maxThreads;

    /** Tomcat with its default number of request threads. */
    TomcatContainer() {
        this(0);
    }

    /**
     * Tomcat with at most {@code maxThreads} request threads.
     *
     * @param maxThreads the connector's {@code maxThreads}, or {@code 0} for Tomcat's default
     */
    TomcatContainer(int maxThreads) {
        this.maxThreads = maxThreads;
    }

    @Override
    public void start(App app) throws Exception {
        baseDir = Files.createTempDirectory("tomcat-contract");
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        if (maxThreads > 0) {
            connector.setProperty("maxThreads", Integer.toString(maxThreads));
            connector.setProperty("minSpareThreads", "1");
        }
        tomcat.setConnector(connector);
        tomcat.getHost().setAutoDeploy(false);
        context = tomcat.addContext("", new File(baseDir.toFile(), "docs").getAbsolutePath());
        Files.createDirectories(baseDir.resolve("docs"));

        // Registered the way a ServletContainerInitializer does: through the servlet API at context start.
        context.addServletContainerInitializer((classes, ctx) -> register(ctx, app), null);
        for (int code : new int[] {500, 503}) {
            ErrorPage page = new ErrorPage();
            page.setErrorCode(code);
            page.setLocation(app.errorPage());
            context.addErrorPage(page);
        }
        ErrorPage any = new ErrorPage();
        any.setExceptionType(Throwable.class.getName());
        any.setLocation(app.errorPage());
        context.addErrorPage(any);

        try {
            tomcat.start();
            if (context.getState() != LifecycleState.STARTED) {
                throw new IllegalStateException("the Tomcat context did not start: " + context.getState());
            }
        } catch (Exception | Error e) {
            stop();
            throw e;
        }
    }

    private static void register(ServletContext ctx, App app) {
        FilterRegistration.Dynamic filter = ctx.addFilter(FILTER_NAME, MaintenanceFilter.class.getName());
        filter.setAsyncSupported(true);
        filter.setInitParameters(app.filterParams());
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        for (ServletSpec s : app.servlets()) {
            ServletRegistration.Dynamic servlet = ctx.addServlet(s.name(), s.type().getName());
            servlet.setAsyncSupported(true);
            servlet.setInitParameters(s.initParams());
            servlet.setLoadOnStartup(s.loadOnStartup());
            servlet.addMapping(s.mappings().toArray(String[]::new));
        }
    }

    @Override
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @Override
    public ServletContext servletContext() {
        return context.getServletContext();
    }

    @Override
    public void stop() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
            tomcat = null;
        }
        if (baseDir != null) {
            try (Stream<Path> files = Files.walk(baseDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            baseDir = null;
        }
    }
}
