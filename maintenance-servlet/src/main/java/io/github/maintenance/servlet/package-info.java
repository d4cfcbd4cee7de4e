/**
 * The Jakarta Servlet filter and its configuration. Parameters and return values are non-null
 * unless documented otherwise.
 */
package io.github.maintenance.servlet;
