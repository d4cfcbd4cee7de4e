/**
 * Who gets through while blocked: exempt paths, allowed client addresses, trusted proxies.
 * Parameters and return values are non-null unless documented otherwise.
 */
package io.github.maintenance.servlet.access;
