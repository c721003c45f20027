/**
 * The platforms' player identifiers, mapped to the backend's external identities
 * ({provider, subject}, messages/.../ExternalIdentity.java). Pure functions: the core knows the
 * formats, the shims read them from the platform.
 *
 * @typedef {{provider: string, subject: string}} Identity
 * @typedef {{linkable: Identity[], other: {type: string, value: string, why: string}[]}} MappedIdentities
 */

const LICENSE = /^[0-9a-f]{40}$/;
const SNOWFLAKE = /^[0-9]{15,20}$/;
const SOCIAL = /^[0-9]{1,20}$/;

/**
 * FiveM: GetPlayerIdentifier's strings ("license:<40 hex>", "discord:<id>", "steam:<hex>",
 * "fivem:<id>", "license2:...", "xbl:...", "live:...", "ip:..."). license and discord map to
 * backend identities a game server may vouch for; steam (the backend links Steam only through
 * Steam's own sign-in) and fivem (a Cfx.re account, no backend provider) are kept apart, as are
 * malformed values.
 *
 * @param {unknown} identifiers
 * @returns {MappedIdentities}
 */
export function fromFiveM(identifiers) {
  /** @type {MappedIdentities} */
  const out = { linkable: [], other: [] };
  if (!Array.isArray(identifiers)) return out;
  for (const raw of identifiers) {
    if (typeof raw !== 'string') continue;
    const colon = raw.indexOf(':');
    if (colon < 1) continue;
    const type = raw.slice(0, colon);
    const value = raw.slice(colon + 1);
    if (type === 'license') {
      if (LICENSE.test(value)) out.linkable.push({ provider: 'fivem-license', subject: value });
      else out.other.push({ type, value, why: 'not 40 lower-case hex digits' });
    } else if (type === 'discord') {
      if (SNOWFLAKE.test(value)) out.linkable.push({ provider: 'discord', subject: value });
      else out.other.push({ type, value, why: 'not a Discord id' });
    } else if (type === 'steam') {
      out.other.push({ type, value: steamId64(value), why: 'Steam links only through Steam sign-in on the website' });
    } else if (type === 'fivem') {
      out.other.push({ type, value, why: 'a Cfx.re account id has no backend provider' });
    }
  }
  return dedupe(out);
}

/**
 * alt:V: the player's social club id (`player.socialID`) and Discord id (`player.discordID`).
 * alt:V reports 0 (or an empty string) when it does not know one; those are skipped.
 *
 * @param {{socialId?: unknown, discordId?: unknown}} ids
 * @returns {MappedIdentities}
 */
export function fromAltV({ socialId, discordId }) {
  /** @type {MappedIdentities} */
  const out = { linkable: [], other: [] };
  const social = idString(socialId);
  if (social && social !== '0') {
    if (SOCIAL.test(social)) out.linkable.push({ provider: 'altv-social', subject: social });
    else out.other.push({ type: 'socialId', value: social, why: 'not decimal digits' });
  }
  const discord = idString(discordId);
  if (discord && discord !== '0') {
    if (SNOWFLAKE.test(discord)) out.linkable.push({ provider: 'discord', subject: discord });
    else out.other.push({ type: 'discordId', value: discord, why: 'not a Discord id' });
  }
  return out;
}

/**
 * The identities in the order of the setting (providers missing from it come last).
 *
 * @param {Identity[]} identities
 * @param {string[]} preference
 */
export function ordered(identities, preference) {
  const rank = (/** @type {Identity} */ id) => {
    const i = preference.indexOf(id.provider);
    return i < 0 ? preference.length : i;
  };
  return [...identities].sort((a, b) => rank(a) - rank(b));
}

/** @param {unknown} value */
function idString(value) {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string') return value.trim();
  return '';
}

/** FiveM's steam identifier is the SteamID64 in hex. @param {string} hex */
function steamId64(hex) {
  return /^[0-9a-f]{1,16}$/i.test(hex) ? BigInt('0x' + hex).toString() : hex;
}

/** @param {MappedIdentities} out */
function dedupe(out) {
  const seen = new Set();
  out.linkable = out.linkable.filter((id) => {
    const k = id.provider + ':' + id.subject;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return out;
}
