// What a storage says about resumable uploads, read from the properties of its WebFinger link
// (remotestorage.js keeps them in remoteStorage.remote.properties).

/** WebFinger link properties that announce resumable uploads on the document URLs. */
export const RESUMABLE_PROPERTIES = Object.freeze({
  // Added by RsResumeProxy; the value is the tus version it speaks ("1.0.0").
  tus: 'https://tus.io/protocols/resumable-upload',
  // The IETF draft (draft-ietf-httpbis-resumable-upload); recognised, not yet spoken by this add-on.
  ietfDraft: 'https://datatracker.ietf.org/doc/draft-ietf-httpbis-resumable-upload',
});

const TUS_VERSION = '1.0.0';

/**
 * What the storage announces and which protocol this add-on would use there.
 * @param {object|null|undefined} properties the WebFinger link's properties
 * @returns {{ tus: string|null, ietfDraft: string|null, protocol: 'tus'|null }}
 */
export function describeResumableSupport(properties) {
  const value = (name) => {
    const v = properties && typeof properties === 'object' ? properties[name] : undefined;
    return typeof v === 'string' && v.length > 0 ? v : null;
  };
  const tus = value(RESUMABLE_PROPERTIES.tus);
  const ietfDraft = value(RESUMABLE_PROPERTIES.ietfDraft);
  // Only tus 1.0.0 is spoken; a storage that announces only the draft keeps plain PUTs for now.
  return { tus, ietfDraft, protocol: tus === TUS_VERSION ? 'tus' : null };
}
