import { shownInput } from '../platform/shown-input.js';
import { GraphError, badRequest } from './errors.js';
import { metadataContext, noContent } from './graph-request.js';
import type { GraphResponse, HandlerContext } from './graph-request.js';
import type { Folder, StoredContact, StoredPhoto } from './store-shapes.js';

/**
 * A contact's photo as Graph serves it (profilePhoto, learn.microsoft.com/graph/api/profilephoto-get
 * and profilephoto-update):
 * - `GET …/contacts/{id}/photo` → 200 metadata `{id: "WxH", width, height, @odata.mediaContentType}`;
 * - `GET …/contacts/{id}/photo/$value` → 200 the image bytes;
 * - `PUT …/contacts/{id}/photo/$value` with an image body → 200, no content; the photo is stored as
 *   the contact's photo attachment, so the item changes (new changeKey, a delta entry) and
 *   PidLidHasPicture reads true (MS-OXPROPS: the flag says such an attachment exists);
 * - no photo: 404 ImageNotFound. Deleting a contact's photo is not supported ("The delete operation
 *   supports only user or group photos, but not Outlook contact nor Teams photos": 405 here).
 */

/** PidLidHasPicture, lower-cased as the store keys extended properties (contact-mapping.ts). */
export const HAS_PICTURE_ID = 'Boolean {00062004-0000-0000-C000-000000000046} Id 0x8015';

/**
 * "The size of the photo you can update to is limited to 4 MB" (profilephoto-update). The Graph
 * route's image parser has this as its body limit, so a larger photo is refused from its
 * Content-Length before a byte of it is read (F77), whatever the app's own body limit.
 */
export const MAX_PHOTO_BYTES = 4 * 1024 * 1024;

/** The refusal of a photo over MAX_PHOTO_BYTES; `bytes` null when only "more than" is known. */
export const photoTooLarge = (bytes: number | null): GraphError =>
  badRequest(
    bytes === null
      ? `The photo is larger than ${MAX_PHOTO_BYTES} bytes (4 MB), the limit.`
      : `The photo is ${bytes} bytes; the limit is ${MAX_PHOTO_BYTES} (4 MB).`,
    'ErrorInvalidRequest',
  );

const imageNotFound = (): GraphError => new GraphError(404, 'ImageNotFound', "The photo wasn't found.");

/** Width and height of a PNG (IHDR) or JPEG (first SOFn) image; null for anything else. */
export function imageSize(bytes: Buffer): { width: number; height: number } | null {
  if (
    bytes.length >= 24 &&
    bytes.readUInt32BE(0) === 0x89504e47 &&
    bytes.toString('latin1', 12, 16) === 'IHDR'
  )
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let at = 2;
  while (at + 9 <= bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1] ?? 0;
    const length = bytes.readUInt16BE(at + 2);
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame's size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    at += 2 + length;
  }
  return null;
}

function photoMetadata(ctx: HandlerContext, contact: StoredContact, photo: StoredPhoto): GraphResponse {
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
    body: {
      '@odata.context': metadataContext(ctx, `contacts('${contact.id}')/photo/$entity`),
      '@odata.mediaContentType': photo.contentType,
      '@odata.mediaEtag': `W/"${photo.etag}"`,
      id: `${photo.width}X${photo.height}`,
      height: photo.height,
      width: photo.width,
    },
  };
}

/** Routes `…/contacts/{id}/photo` (`value` false) and `…/contacts/{id}/photo/$value` (`value` true). */
export function contactPhoto(
  ctx: HandlerContext,
  folder: Folder,
  contact: StoredContact,
  value: boolean,
): GraphResponse {
  const method = ctx.req.method;
  if (method === 'GET') {
    const photo = contact.photo;
    if (!photo) throw imageNotFound();
    if (!value) return photoMetadata(ctx, contact, photo);
    return { status: 200, headers: { 'Content-Type': photo.contentType }, body: photo.bytes };
  }
  if (method === 'PUT' && value) {
    const contentType = (ctx.req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const bytes = ctx.req.body;
    if (!contentType.startsWith('image/') || !Buffer.isBuffer(bytes) || bytes.length === 0)
      throw badRequest(
        'The request body must be the image, with an image/* Content-Type.',
        'ErrorInvalidRequest',
      );
    if (bytes.length > MAX_PHOTO_BYTES) throw photoTooLarge(bytes.length);
    const size = imageSize(bytes);
    if (!size) throw badRequest('The photo is not a PNG or JPEG image.', 'ErrorInvalidImage');
    ctx.store.setContactPhoto(ctx.mailbox, folder, contact, {
      contentType,
      bytes: Buffer.from(bytes),
      ...size,
    });
    return noContent();
  }
  throw new GraphError(
    405,
    'ErrorInvalidRequest',
    `The HTTP method '${shownInput(method)}' is not supported for this resource.`,
  );
}
