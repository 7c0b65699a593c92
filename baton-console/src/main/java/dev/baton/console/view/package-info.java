/**
 * What the console's templates show: one record per page or fragment, built by the console from domain reads,
 * and the formatting helpers the templates call (times, URLs). Nothing here reads a store or knows HTTP.
 */
package dev.baton.console.view;
