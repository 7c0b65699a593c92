/**
 * Repository metadata, read and written. Reading ({@link dev.baton.pipeline.repodata.RepomdReader},
 * {@link dev.baton.pipeline.repodata.PrimaryReader}, {@link dev.baton.pipeline.repodata.UpdateinfoReader}) is for
 * metadata from strangers: streaming in constant memory, every compression createrepo_c writes, and everything
 * suspicious refused with a {@link dev.baton.pipeline.repodata.RepodataFormatException} (entity attacks, hrefs that
 * leave the repository, absurd sizes; see {@link dev.baton.pipeline.repodata.SafeXml}). Writing
 * ({@link dev.baton.pipeline.repodata.RepodataWriter} from {@link dev.baton.pipeline.repodata.PackageMetadata}) makes
 * the same package entries createrepo_c makes for the same files, in one streaming pass, switched into place
 * atomically.
 */
package dev.baton.pipeline.repodata;
