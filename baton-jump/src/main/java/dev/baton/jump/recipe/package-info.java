/**
 * The recipe language of the release jump (jump2nr's configuration files, unchanged): {@link
 * dev.baton.jump.recipe.RecipeReader} reads a recipe into {@link dev.baton.jump.recipe.Statement}s and checks it as a
 * whole before anything runs, so that every problem is reported with its file and line; {@link
 * dev.baton.jump.recipe.Variables} substitutes {@code %name%}; {@link dev.baton.jump.recipe.Builtins} declares the
 * built-ins a recipe may call with {@code jump(...)}. Nothing here runs a command.
 */
package dev.baton.jump.recipe;
