package io.github.maintenance.containers;

import io.github.maintenance.servlet.MaintenanceFilter;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import jakarta.servlet.ServletContext;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Tomcat (11 or 10.1, whichever is on the class path; the embedded API used is the same): the
 * filter through {@code Context.addFilterDef}/{@code addFilterMap}, servlets through wrappers.
 */
final class TomcatContainer implements ContainerServer {

    private Tomcat tomcat;
    private Context context;
    private Connector connector;
    private Path baseDir;

    @Override
    public void start(App app) throws Exception {
        baseDir = Files.createTempDirectory("tomcat-contract");
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        tomcat.getHost().setAutoDeploy(false);
        context = tomcat.addContext("", new File(baseDir.toFile(), "docs").getAbsolutePath());
        Files.createDirectories(baseDir.resolve("docs"));

        FilterDef filter = new FilterDef();
        filter.setFilterName(FILTER_NAME);
        filter.setFilterClass(MaintenanceFilter.class.getName());
        filter.setAsyncSupported("true");
        app.filterParams().forEach(filter::addInitParameter);
        context.addFilterDef(filter);
        FilterMap map = new FilterMap();
        map.setFilterName(FILTER_NAME);
        map.addURLPatternDecoded("/*");
        map.setDispatcher("REQUEST");
        context.addFilterMap(map);

        for (ServletSpec s : app.servlets()) {
            Wrapper wrapper = Tomcat.addServlet(context, s.name(), s.type().getName());
            wrapper.setAsyncSupported(true);
            s.initParams().forEach(wrapper::addInitParameter);
            wrapper.setLoadOnStartup(s.loadOnStartup());
            for (String mapping : s.mappings()) {
                context.addServletMappingDecoded(mapping, s.name());
            }
        }
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
            close();
            throw e;
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
    public void close() throws Exception {
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
