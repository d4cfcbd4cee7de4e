package io.github.maintenance.containers;

import io.github.maintenance.servlet.MaintenanceFilter;

import java.net.InetSocketAddress;
import java.net.URI;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;

import io.undertow.Undertow;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ErrorPage;
import io.undertow.servlet.api.FilterInfo;
import io.undertow.servlet.api.ServletInfo;

/**
 * Undertow 2.3 (Jakarta): a {@code Servlets.deployment()} with {@link FilterInfo} and
 * {@link ServletInfo}; filters are initialised lazily (Undertow's default), at their first request.
 */
final class UndertowContainer implements ContainerServer {

    private DeploymentManager manager;
    private Undertow server;
    private DeploymentInfo deployment;
    private final int workerThreads;

    /** Undertow with its default number of worker threads. */
    UndertowContainer() {
        this(0);
    }

    /**
     * Undertow with {@code workerThreads} worker threads (where servlets run) and one I/O thread.
     *
     * @param workerThreads the worker threads, or {@code 0} for Undertow's defaults
     */
    UndertowContainer(int workerThreads) {
        this.workerThreads = workerThreads;
    }

    @Override
    public void start(App app) throws Exception {
        FilterInfo filter = Servlets.filter(FILTER_NAME, MaintenanceFilter.class).setAsyncSupported(true);
        app.filterParams().forEach(filter::addInitParam);
        deployment = Servlets.deployment()
                .setClassLoader(UndertowContainer.class.getClassLoader())
                .setContextPath("/")
                .setDeploymentName("contract")
                .addFilter(filter)
                .addFilterUrlMapping(FILTER_NAME, "/*", DispatcherType.REQUEST)
                .addErrorPage(new ErrorPage(app.errorPage(), 500))
                .addErrorPage(new ErrorPage(app.errorPage(), 503))
                .addErrorPage(new ErrorPage(app.errorPage(), Throwable.class));
        for (ServletSpec s : app.servlets()) {
            ServletInfo servlet = Servlets.servlet(s.name(), s.type()).setAsyncSupported(true);
            s.initParams().forEach(servlet::addInitParam);
            if (s.loadOnStartup() >= 0) {
                servlet.setLoadOnStartup(s.loadOnStartup());
            }
            s.mappings().forEach(servlet::addMapping);
            deployment.addServlet(servlet);
        }
        manager = Servlets.defaultContainer().addDeployment(deployment);
        manager.deploy();
        try {
            Undertow.Builder builder = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(manager.start());
            if (workerThreads > 0) {
                builder.setWorkerThreads(workerThreads).setIoThreads(1);
            }
            server = builder.build();
            server.start();
        } catch (Exception | Error e) {
            stop();
            throw e;
        }
    }

    @Override
    public URI baseUri() {
        InetSocketAddress address = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
        return URI.create("http://127.0.0.1:" + address.getPort());
    }

    @Override
    public ServletContext servletContext() {
        return manager.getDeployment().getServletContext();
    }

    @Override
    public void stop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
        if (manager != null) {
            DeploymentManager m = manager;
            manager = null;
            m.stop();
            m.undeploy();
            Servlets.defaultContainer().removeDeployment(deployment);
        }
    }
}
