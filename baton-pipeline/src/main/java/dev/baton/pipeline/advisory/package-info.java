/**
 * Advisories: the site's own ({@code SITE-SA:2026:0001}), created by hand or derived from an upstream one with the
 * site's rebuilt packages, and the upstream ones read from a remote's {@code updateinfo.xml} or Red Hat's CSAF 2.0
 * files; written into a repository version's {@code updateinfo.xml} and announced through the notification rules.
 * The store is an interface here ({@link dev.baton.pipeline.advisory.AdvisoryStore}), implemented in baton-store.
 */
package dev.baton.pipeline.advisory;
