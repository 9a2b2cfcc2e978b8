import jsqr from "jsqr";
import { PNG } from "pngjs";

// jsqr is CommonJS with a default export: its function is either the import or its `default`.
type QrReader = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR = ((jsqr as unknown as { default?: QrReader }).default ?? jsqr) as unknown as QrReader;

/** The text of a PNG data URL's QR code, read by an independent decoder (jsqr over pngjs). */
export function readQrCode(dataUrl: string): string | undefined {
  const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ""), "base64"));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}
