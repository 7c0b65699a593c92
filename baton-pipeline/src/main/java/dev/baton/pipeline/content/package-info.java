/**
 * The content store: every package file kept once, by its SHA-256, checked on the way in and never visible
 * half-written ({@link dev.baton.pipeline.content.ContentStore}).
 */
package dev.baton.pipeline.content;
