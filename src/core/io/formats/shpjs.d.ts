declare module 'shpjs' {
  import type { FeatureCollection } from 'geojson';

  type Bytes = ArrayBuffer | Uint8Array;
  const getShapefile: (
    input: Bytes | { shp: Bytes; dbf?: Bytes; cpg?: string | Bytes; prj?: string | Bytes },
  ) => Promise<FeatureCollection | FeatureCollection[]>;
  export default getShapefile;
}
