#!/bin/sh
# The data lake's bucket and analytics-service's S3 user on MinIO, with MinIO's client (mc): docker-compose.yml runs
# it once at start (the minio-setup container); running it again changes nothing.
#   create-bucket-and-user.sh <endpoint>
# Environment: MINIO_ROOT_USER, MINIO_ROOT_PASSWORD (to administer MinIO), S3_BUCKET, LAKE_S3_ACCESS_KEY and
# LAKE_S3_SECRET_KEY (the user analytics-service signs in as).
# The user can list the bucket, read its objects and write new ones: what the lake writer and GET /lake/summary do
# (ListBucket also answers HeadBucket, GetObject also HeadObject). It cannot delete objects, see other buckets,
# create buckets or administer MinIO.
set -eu

endpoint="$1"

mc alias set lake "$endpoint" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD"
mc mb --ignore-existing "lake/$S3_BUCKET"

cat > /tmp/lake-writer.json <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:ListBucket", "s3:GetBucketLocation"],
      "Resource": ["arn:aws:s3:::$S3_BUCKET"]
    },
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject"],
      "Resource": ["arn:aws:s3:::$S3_BUCKET/*"]
    }
  ]
}
POLICY
mc admin policy create lake lake-writer /tmp/lake-writer.json
mc admin user add lake "$LAKE_S3_ACCESS_KEY" "$LAKE_S3_SECRET_KEY"
# Attaching a policy already attached is an error in mc: only when it is not.
case "$(mc admin user info lake "$LAKE_S3_ACCESS_KEY")" in
	*lake-writer*) ;;
	*) mc admin policy attach lake lake-writer --user "$LAKE_S3_ACCESS_KEY" ;;
esac
echo "Bucket $S3_BUCKET and its user $LAKE_S3_ACCESS_KEY are ready."
