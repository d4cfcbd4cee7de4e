package io.github.maintenance.containers;

import io.github.maintenance.servlet.MaintenanceFilter;
import io.github.maintenance.servlet.testing.JettyServer;
import io.github.maintenance.servlet.testing.JettyServerExtension;

import java.net.URI;
import java.util.EnumSet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;

import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/** Jetty 12 (ee10): holders by class, like a {@code web.xml} deployment. */
final class JettyContainer implements ContainerServer {

    private JettyServer server;

    @Override
    public void start(App app) throws Exception {
        server = JettyServerExtension.builder().customize(ctx -> register(ctx, app)).start();
    }

    private static void register(ServletContextHandler ctx, App app) {
        FilterHolder filter = new FilterHolder(MaintenanceFilter.class);
        filter.setName(FILTER_NAME);
        filter.setAsyncSupported(true);
        filter.setInitParameters(app.filterParams());
        ctx.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        for (ServletSpec s : app.servlets()) {
            ServletHolder holder = new ServletHolder(s.name(), s.type());
            holder.setAsyncSupported(true);
            holder.setInitParameters(s.initParams());
            if (s.loadOnStartup() >= 0) {
                holder.setInitOrder(s.loadOnStartup());
            }
            for (String mapping : s.mappings()) {
                ctx.addServlet(holder, mapping);
            }
        }
        ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
        errors.addErrorPage(500, app.errorPage());
        errors.addErrorPage(503, app.errorPage());
        errors.addErrorPage(Throwable.class, app.errorPage());
        ctx.setErrorHandler(errors);
    }

    @Override
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    @Override
    public ServletContext servletContext() {
        return server.context().getServletContext();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
