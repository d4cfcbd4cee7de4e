/**
 * Page templates and rendering, shared by the filter and the standalone page server. Parameters and return values are non-null unless
 * documented otherwise.
 */
package io.github.maintenance.page;
