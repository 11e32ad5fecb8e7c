/**
 * Whether WebGL runs without a GPU here (SwiftShader, llvmpipe, Windows' Basic Render Driver): office
 * PCs, virtual machines and remote desktops often have none, and every triangle and pixel is then
 * drawn on the CPU. Chrome grants such contexts even with `failIfMajorPerformanceCaveat`, so the
 * renderer's name is what tells. One probe per page (~30 ms under SwiftShader, a few on a GPU).
 */
let cached: boolean | null = null;

export function softwareGl(): boolean {
  if (cached !== null) return cached;
  cached = false;
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return cached;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    cached = /swiftshader|llvmpipe|softpipe|software|basic render/i.test(name);
    // Give the probe's context back at once (browsers cap the number of live contexts).
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  } catch {
    // no WebGL at all: MapLibre reports that itself
  }
  return cached;
}
