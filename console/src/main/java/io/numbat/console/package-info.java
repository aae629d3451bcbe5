/**
 * The operator console: a Vert.x web service with a live dashboard (SSE), a REST API and a
 * Prometheus endpoint. Not built yet (see issue 6); the module exists so the build has its final shape.
 */
package io.numbat.console;
